//! The diff as analysts read it: Markdown, and one self-contained HTML page (no network, no
//! external files) with the two plans side by side and filters.

use super::{DiffReport, TaskRef, Unmatched};

fn doc_line(d: &super::DocRef) -> String {
    let mut s = d.number.clone().unwrap_or_else(|| d.path.clone());
    if let Some(t) = &d.title {
        s.push_str(" — ");
        s.push_str(t);
    }
    if let Some(i) = &d.issuer {
        s.push_str(&format!(" ({i})"));
    }
    s
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn summary_rows(r: &DiffReport) -> Vec<(&'static str, String)> {
    let s = &r.summary;
    vec![
        ("Base tasks", s.base_tasks.to_string()),
        ("Other tasks", s.other_tasks.to_string()),
        (
            "Base tasks taken up",
            format!("{} of {}", s.taken_up, s.base_tasks),
        ),
        ("Base tasks not taken up", s.not_taken_up.to_string()),
        (
            "… of which localities lead or co-operate",
            s.not_taken_up_local_role.to_string(),
        ),
        ("Local additions", s.local_additions.to_string()),
        ("Weak matches (check)", s.weak_matches.to_string()),
        ("Changed leads", s.changed_leads.to_string()),
        (
            "Deadlines earlier / later",
            format!("{} / {}", s.deadlines_earlier, s.deadlines_later),
        ),
        ("Indicators matched", s.indicators_matched.to_string()),
        (
            "Targets raised / lowered / same",
            format!(
                "{} / {} / {}",
                s.targets_raised, s.targets_lowered, s.targets_same
            ),
        ),
    ]
}

/// The report as Markdown.
pub fn render_markdown(r: &DiffReport) -> String {
    let mut out = String::new();
    out.push_str("# vanban diff\n\n");
    out.push_str(&format!(
        "- **Base**: {}\n- **Other**: {}\n\n",
        md_cell(&doc_line(&r.base)),
        md_cell(&doc_line(&r.other))
    ));
    out.push_str("## Summary\n\n| | |\n|---|---|\n");
    for (k, v) in summary_rows(r) {
        out.push_str(&format!("| {k} | {v} |\n"));
    }
    out.push_str(&format!(
        "\n## Tasks taken up ({})\n\n",
        r.tasks.matches.len()
    ));
    out.push_str("| Other | Task | Base | Base task | Score | Lead | Deadline |\n|---|---|---|---|---|---|---|\n");
    for m in &r.tasks.matches {
        let base_ids: Vec<&str> = m.base.iter().map(|b| b.id.as_str()).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {}{} | {} | {} |\n",
            m.other.id,
            md_cell(&short(&m.other.name, 110)),
            base_ids.join(", "),
            md_cell(&short(&m.base[0].name, 110)),
            m.score,
            if m.weak { " (weak)" } else { "" },
            m.lead,
            m.deadline
        ));
    }
    let unmatched = |out: &mut String, title: &str, list: &[Unmatched], role: bool| {
        out.push_str(&format!("\n## {title} ({})\n\n", list.len()));
        out.push_str("| Id | Task | Lead | Deadline | Closest (score) |\n|---|---|---|---|---|\n");
        let mut list: Vec<&Unmatched> = list.iter().collect();
        if role {
            list.sort_by_key(|u| !u.local_role);
        }
        for u in list {
            out.push_str(&format!(
                "| {}{} | {} | {} | {} | {} |\n",
                u.task.id,
                if role && u.local_role { " ★" } else { "" },
                md_cell(&short(&u.task.name, 120)),
                md_cell(&u.task.lead.join("; ")),
                md_cell(&u.task.deadline),
                u.closest
                    .as_ref()
                    .map(|c| format!("{c} ({})", u.closest_score))
                    .unwrap_or_default()
            ));
        }
    };
    unmatched(
        &mut out,
        "Base tasks not taken up (★ localities lead or co-operate)",
        &r.tasks.not_taken_up,
        true,
    );
    unmatched(&mut out, "Local additions", &r.tasks.local_additions, false);
    out.push_str(&format!(
        "\n## Indicators matched ({})\n\n",
        r.indicators.matches.len()
    ));
    out.push_str(
        "| Other | Indicator | Base target | Other target | Comparison |\n|---|---|---|---|---|\n",
    );
    for m in &r.indicators.matches {
        out.push_str(&format!(
            "| {} | {} | {} {} | {} {} | {} |\n",
            m.other.id,
            md_cell(&short(&m.other.name, 90)),
            md_cell(&m.base.target),
            md_cell(m.base.unit.as_deref().unwrap_or("")),
            md_cell(&m.other.target),
            md_cell(m.other.unit.as_deref().unwrap_or("")),
            m.comparison
        ));
    }
    out
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn task_cell(t: &TaskRef) -> String {
    format!(
        "<div class=id>{}</div><div>{}</div><div class=meta>{}{}</div>",
        esc(&t.id),
        esc(&t.name),
        esc(&t.lead.join("; ")),
        if t.deadline.is_empty() {
            String::new()
        } else {
            format!(" · {}", esc(&t.deadline))
        }
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%;margin:.5em 0 2em}td,th{border:1px solid #ccc;padding:.35em .5em;vertical-align:top;font-size:.9em}th{background:#f3f3f3;position:sticky;top:0}.id{font-weight:600}.meta{color:#666;font-size:.85em;margin-top:.2em}tr.weak td{background:#fff8e1}tr.changed td.lead{background:#fde2e2}.star{color:#b00}#filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd}#filters label{margin-right:1em}";

const SCRIPT: &str = "function apply(){var q=document.getElementById('q').value.toLowerCase();var w=document.getElementById('weak').checked;var c=document.getElementById('changed').checked;var l=document.getElementById('local').checked;document.querySelectorAll('tr[data-text]').forEach(function(r){var ok=(!q||r.dataset.text.indexOf(q)>=0)&&(!w||r.classList.contains('weak'))&&(!c||r.classList.contains('changed'))&&(!l||r.classList.contains('localrole')||!r.closest('#notup'));r.style.display=ok?'':'none';});document.querySelectorAll('table[data-count]').forEach(function(t){var n=0;t.querySelectorAll('tr[data-text]').forEach(function(r){if(r.style.display!=='none')n++;});document.getElementById(t.dataset.count).textContent=n;});}function fromHash(){var h=new URLSearchParams(location.hash.slice(1));if(h.has('q'))document.getElementById('q').value=h.get('q');['weak','changed','local'].forEach(function(k){if(h.get(k)==='1')document.getElementById(k).checked=true;});apply();}window.addEventListener('hashchange',fromHash);fromHash();";

/// The report as a self-contained HTML page (no network), with a text filter.
pub fn render_html(r: &DiffReport) -> String {
    let mut o = String::new();
    o.push_str(
        "<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>vanban diff</title><style>",
    );
    o.push_str(STYLE);
    o.push_str("</style></head><body>");
    o.push_str(&format!(
        "<h1>vanban diff</h1><p><b>Base</b>: {}<br><b>Other</b>: {}</p>",
        esc(&doc_line(&r.base)),
        esc(&doc_line(&r.other))
    ));
    o.push_str("<table id=summary><tbody>");
    for (k, v) in summary_rows(r) {
        o.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v)));
    }
    o.push_str("</tbody></table>");
    o.push_str("<div id=filters><input id=q placeholder='Lọc / filter…' oninput=apply() size=40> <label><input type=checkbox id=weak onchange=apply()> weak matches only</label><label><input type=checkbox id=changed onchange=apply()> changed leads only</label><label><input type=checkbox id=local onchange=apply()> not taken up: localities' tasks only</label></div>");
    // Matches, side by side.
    o.push_str(&format!(
        "<h2>Tasks taken up (<span id=n-matches>{}</span>)</h2>",
        r.tasks.matches.len()
    ));
    o.push_str("<table id=matches data-count=n-matches><thead><tr><th>Other</th><th>Base</th><th>Score</th><th>Lead</th><th>Deadline</th></tr></thead><tbody>");
    for m in &r.tasks.matches {
        let text = m.search_text();
        let mut class = Vec::new();
        if m.weak {
            class.push("weak");
        }
        if m.lead == "changed" {
            class.push("changed");
        }
        o.push_str(&format!(
            "<tr class='{}' data-text='{}'><td>{}</td><td>{}</td><td>{}</td><td class=lead>{}</td><td>{}</td></tr>",
            class.join(" "),
            esc(&text),
            task_cell(&m.other),
            m.base.iter().map(task_cell).collect::<Vec<_>>().join("<hr>"),
            m.score,
            esc(&m.lead),
            esc(&m.deadline)
        ));
    }
    o.push_str("</tbody></table>");
    let unmatched = |o: &mut String, id: &str, title: &str, list: &[Unmatched]| {
        o.push_str(&format!(
            "<h2>{} (<span id=n-{id}>{}</span>)</h2>",
            esc(title),
            list.len()
        ));
        o.push_str(&format!("<table id={id} data-count=n-{id}><thead><tr><th>Task</th><th>Closest on the other side</th></tr></thead><tbody>"));
        for u in list {
            let text = format!("{} {}", u.task.id, u.task.name).to_lowercase();
            o.push_str(&format!(
                "<tr class='{}' data-text='{}'><td>{}{}</td><td>{}</td></tr>",
                if u.local_role { "localrole" } else { "" },
                esc(&text),
                if u.local_role {
                    "<span class=star>★ </span>"
                } else {
                    ""
                },
                task_cell(&u.task),
                u.closest
                    .as_ref()
                    .map(|c| format!("{} ({})", esc(c), u.closest_score))
                    .unwrap_or_default()
            ));
        }
        o.push_str("</tbody></table>");
    };
    unmatched(
        &mut o,
        "notup",
        "Base tasks not taken up (★ localities lead or co-operate)",
        &r.tasks.not_taken_up,
    );
    unmatched(&mut o, "local", "Local additions", &r.tasks.local_additions);
    o.push_str(&format!(
        "<h2>Indicators (<span id=n-ind>{}</span>)</h2>",
        r.indicators.matches.len()
    ));
    o.push_str("<table id=indicators data-count=n-ind><thead><tr><th>Other</th><th>Base</th><th>Comparison</th></tr></thead><tbody>");
    for m in &r.indicators.matches {
        let text = format!("{} {}", m.other.name, m.base.name).to_lowercase();
        o.push_str(&format!(
            "<tr data-text='{}'><td><div class=id>{}</div>{}<div class=meta>{} {}</div></td><td><div class=id>{}</div>{}<div class=meta>{} {}</div></td><td>{}</td></tr>",
            esc(&text),
            esc(&m.other.id),
            esc(&m.other.name),
            esc(&m.other.target),
            esc(m.other.unit.as_deref().unwrap_or("")),
            esc(&m.base.id),
            esc(&m.base.name),
            esc(&m.base.target),
            esc(m.base.unit.as_deref().unwrap_or("")),
            esc(&m.comparison)
        ));
    }
    o.push_str("</tbody></table><script>");
    o.push_str(SCRIPT);
    o.push_str("</script></body></html>\n");
    o
}
