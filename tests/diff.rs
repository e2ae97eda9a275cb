//! `vanban diff`: a provincial plan against 03/NQ-CP, measured on a hand-checked alignment
//! (fixtures/diff/kh181_vs_nq03.gold.tsv, made by reading both plans), and the reports.

mod common;

use std::collections::BTreeSet;
use vanban::diff::{diff, render_html, render_markdown, DiffReport};

fn nq03() -> vanban::Document {
    common::convert("reference/nq03_NQ-CP_2025_full.txt")
}

fn report(other: &str) -> DiffReport {
    diff(&nq03(), &common::convert(other))
}

/// (OTHER task id, BASE task number) pairs of the gold alignment.
fn gold() -> BTreeSet<(String, u32)> {
    let text = std::fs::read_to_string(common::root().join("fixtures/diff/kh181_vs_nq03.gold.tsv"))
        .unwrap();
    let mut pairs = BTreeSet::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        for b in cols[2].split(',').map(str::trim).filter(|b| !b.is_empty()) {
            pairs.insert((format!("{}.{}", cols[0], cols[1]), b.parse().unwrap()));
        }
    }
    pairs
}

fn predicted(r: &DiffReport) -> BTreeSet<(String, u32)> {
    r.tasks
        .matches
        .iter()
        .flat_map(|m| {
            m.base
                .iter()
                .map(move |b| (m.other.id.clone(), b.number.unwrap()))
        })
        .collect()
}

#[test]
fn alignment_of_kh181_against_03_nq_cp_meets_the_targets() {
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let (g, p) = (gold(), predicted(&r));
    let gold_lines =
        std::fs::read_to_string(common::root().join("fixtures/diff/kh181_vs_nq03.gold.tsv"))
            .unwrap();
    assert_eq!(
        gold_lines.lines().count(),
        1 + 76,
        "the gold has a line for each of the 76 tasks"
    );
    let correct = g.intersection(&p).count() as f64;
    let precision = correct / p.len() as f64;
    let recall = correct / g.len() as f64;
    eprintln!(
        "precision {precision:.3} recall {recall:.3} ({correct} of {} predicted, {} gold)",
        p.len(),
        g.len()
    );
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
    // Every task of OTHER is either matched or a local addition, exactly once.
    assert_eq!(r.tasks.matches.len() + r.tasks.local_additions.len(), 76);
    assert_eq!(r.summary.base_tasks, 140);
    assert_eq!(r.summary.taken_up + r.summary.not_taken_up, 140);
}

#[test]
fn leads_deadlines_and_localities() {
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let m = |id: &str| r.tasks.matches.iter().find(|m| m.other.id == id).unwrap();
    // I.7: the province's plan (03/2025) for the Government's "Kế hoạch triển khai" (01/2025).
    assert_eq!(m("I.7").base[0].number, Some(7));
    assert_eq!(m("I.7").deadline, "later");
    // III.2 copies task 46 and its lead, localized (Bộ KH&CN → Sở KH&CN).
    assert_eq!(m("III.2").base[0].number, Some(46));
    assert_eq!(m("III.2").lead, "localized");
    // Not taken up: those where BASE gives localities a role are flagged.
    assert!(r.summary.not_taken_up_local_role > 0);
    assert!(r
        .tasks
        .not_taken_up
        .iter()
        .filter(|u| u.local_role)
        .all(|u| u
            .task
            .lead
            .iter()
            .chain(&u.task.support)
            .any(|a| a.to_lowercase().contains("địa phương"))));
}

#[test]
fn targets_compared_with_their_units() {
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let find = |name: &str, horizon_value: f64| {
        r.indicators
            .matches
            .iter()
            .find(|m| m.other.name == name && m.base.value == Some(horizon_value))
            .unwrap_or_else(|| panic!("{name}"))
    };
    // ≥ 30% GDP nationally, ≥ 20% GRDP in the province: localized and lower.
    assert_eq!(
        find("Quy mô kinh tế số", 30.0).comparison,
        "localized_lowered"
    );
    // 5G coverage 99% both.
    assert_eq!(find("Phủ sóng 5G cho người dân", 99.0).comparison, "same");
    // Security ranking: ≤ 10 nationally, ≤ 30 here; for a rank a larger number is lower.
    assert_eq!(
        find("Xếp hạng về an toàn thông tin mạng", 10.0).comparison,
        "lowered"
    );
}

#[test]
fn a_plan_of_bullets_aligns_its_bullets() {
    // Hậu Giang's plan states its tasks as bullets under "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU".
    let r = report("seeds/haugiang-ubnd-kh-nq03.txt");
    assert!(r.summary.other_tasks >= 40, "{}", r.summary.other_tasks);
    // Read by hand: the diaspora-experts database bullet is base task 136.
    let m = r
        .tasks
        .matches
        .iter()
        .find(|m| {
            m.other
                .name
                .starts_with("Xây dựng cơ sở dữ liệu về chuyên gia, trí thức tỉnh Hậu Giang")
        })
        .expect("matched");
    assert_eq!(m.base[0].number, Some(136));
    assert!(m.other.id.starts_with("II.7"), "{}", m.other.id);
}

#[test]
fn json_conforms_is_deterministic_and_reads_converted_json() {
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let json = serde_json::to_value(&r).unwrap();
    let schema: serde_json::Value = serde_json::from_str(vanban::schema::DIFF_SCHEMA).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let again = serde_json::to_value(report("seeds/angiang-ubnd-kh181-nq03.txt")).unwrap();
    assert_eq!(json, again);
    // Each side may be the JSON `convert` wrote.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kh181.json");
    std::fs::write(
        &path,
        vanban::to_json(&common::convert("seeds/angiang-ubnd-kh181-nq03.txt")),
    )
    .unwrap();
    let loaded = vanban::load_document(&path, &vanban::ConvertOptions::default()).unwrap();
    assert_eq!(serde_json::to_value(diff(&nq03(), &loaded)).unwrap(), json);
}

#[test]
fn markdown_and_self_contained_html() {
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let md = render_markdown(&r);
    assert!(md.contains("## Tasks taken up"));
    assert!(md.contains("| III.2 |"));
    let html = render_html(&r);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Offline: nothing loaded from elsewhere.
    for external in [
        "src=\"http",
        "src='http",
        "href=\"http",
        "<link",
        "<script src",
    ] {
        assert!(!html.contains(external), "{external}");
    }
    // Text is escaped.
    assert!(!html.contains("<b>Xây"));
    assert_eq!(
        html.matches("<tr class=").count(),
        r.tasks.matches.len() + r.tasks.not_taken_up.len() + r.tasks.local_additions.len()
    );
}

/// The HTML page in a real headless browser: the filter in the address (#q=…) hides the rows
/// that do not match and updates the counts. Needs Debian's chromium (CI installs it).
#[test]
fn html_filters_in_a_headless_browser() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        eprintln!("SKIPPED: no chromium on this machine (apt-get install chromium)");
        return;
    };
    let r = report("seeds/angiang-ubnd-kh181-nq03.txt");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("diff.html");
    std::fs::write(&page, render_html(&r)).unwrap();
    let profile = dir.path().join("profile");
    let dump = |fragment: &str| {
        let out = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                &format!("--user-data-dir={}", profile.display()),
                "--virtual-time-budget=2000",
                "--dump-dom",
                &format!("file://{}{fragment}", page.display()),
            ])
            .output()
            .expect("chromium runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let count = |dom: &str, id: &str| -> usize {
        let at = dom.find(&format!("id=\"{id}\">")).expect(id) + id.len() + 6;
        dom[at..].split('<').next().unwrap().parse().unwrap()
    };
    let all = dump("");
    assert_eq!(count(&all, "n-matches"), r.tasks.matches.len());
    // "mạng lưới" (network) occurs in few matched tasks.
    let filtered = dump("#q=m%E1%BA%A1ng%20l%C6%B0%E1%BB%9Bi");
    let expected = r
        .tasks
        .matches
        .iter()
        .filter(|m| m.search_text().contains("mạng lưới"))
        .count();
    assert!(expected >= 1 && expected < r.tasks.matches.len());
    assert_eq!(count(&filtered, "n-matches"), expected);
    assert!(
        filtered.matches("style=\"display: none;\"").count() >= r.tasks.matches.len() - expected
    );
    // Weak matches only.
    let weak = dump("#weak=1");
    assert_eq!(
        count(&weak, "n-matches"),
        r.tasks.matches.iter().filter(|m| m.weak).count()
    );
}

#[test]
fn two_versions_of_one_plan_71_extract_against_03() {
    // The 71/NQ-CP progress extract (a Markdown tracking table with "Tiến độ") repeats 03/NQ-CP
    // tasks with new deadlines.
    let r = report("reference/nq71_NQ-CP_2025_nhiem_vu_han_T3-T5_2025_trich.txt");
    assert_eq!(r.summary.other_tasks, 37);
    assert!(r.tasks.matches.len() >= 33, "{}", r.tasks.matches.len());
    let m = |id: &str| r.tasks.matches.iter().find(|m| m.other.id == id).unwrap();
    // Same text as 03/NQ-CP task 1, due "Tháng 4/2025" instead of "6/2025": earlier.
    assert_eq!(m("I.1").base[0].number, Some(1));
    assert_eq!(m("I.1").deadline, "earlier");
    assert_eq!(m("V.31").base[0].number, Some(91));
    assert!(r.summary.deadlines_earlier >= 10);
    // Its progress column is kept on the tasks.
    let doc = common::convert("reference/nq71_NQ-CP_2025_nhiem_vu_han_T3-T5_2025_trich.txt");
    assert!(doc.tasks[0]
        .status
        .as_ref()
        .unwrap()
        .raw
        .starts_with("Hoàn thành"));
}
