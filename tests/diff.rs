//! `vanban diff`: plans against 03/NQ-CP, measured on hand-checked alignments made by reading
//! both texts (fixtures/diff, see its README): An Giang's task table, and Hậu Giang's plan
//! written as prose bullets; and the reports (JSON, Markdown, HTML in a real browser, xlsx
//! opened by LibreOffice Calc).

mod common;
#[path = "diff_gold/mod.rs"]
mod diff_gold;

use std::sync::OnceLock;
use vanban::diff::{diff, render_html, render_markdown, render_xlsx, DiffReport, Lang};

fn nq03() -> &'static vanban::Document {
    static D: OnceLock<vanban::Document> = OnceLock::new();
    D.get_or_init(|| common::convert("reference/nq03_NQ-CP_2025_full.txt"))
}

fn report(other: &str) -> DiffReport {
    diff(nq03(), &common::convert(other))
}

fn angiang() -> &'static DiffReport {
    static R: OnceLock<DiffReport> = OnceLock::new();
    R.get_or_init(|| report("seeds/angiang-ubnd-kh181-nq03.txt"))
}

fn haugiang() -> &'static DiffReport {
    static R: OnceLock<DiffReport> = OnceLock::new();
    R.get_or_init(|| report("seeds/haugiang-ubnd-kh-nq03.txt"))
}

fn gold_dir() -> std::path::PathBuf {
    common::root().join("fixtures/diff")
}

#[test]
fn alignment_of_kh181_against_03_nq_cp_meets_the_targets() {
    let gold = diff_gold::table_gold(&gold_dir().join("kh181_vs_nq03.gold.tsv"));
    assert_eq!(
        gold.len(),
        76,
        "the gold has a line for each of the 76 tasks"
    );
    let r = angiang();
    let s = diff_gold::score(r, &gold.iter().collect::<Vec<_>>());
    eprintln!("An Giang: {s}");
    assert!(s.precision >= 0.95, "{s}");
    assert!(s.recall >= 0.95, "{s}");
    // Every task of OTHER is matched, restates BASE's body, or is a local addition, once.
    let t = &r.tasks;
    assert_eq!(
        t.matches.len() + t.restated.len() + t.local_additions.len(),
        76
    );
    assert_eq!(r.summary.base_tasks, 140);
    assert_eq!(r.summary.taken_up + r.summary.not_taken_up, 140);
}

fn prose_gold() -> Vec<diff_gold::GoldLine> {
    diff_gold::prose_gold(&gold_dir().join("haugiang_vs_nq03.gold.tsv"))
}

#[test]
fn the_prose_gold_covers_every_bullet_of_hau_giang() {
    let gold = prose_gold();
    let r = haugiang();
    assert_eq!(gold.len(), 45);
    assert_eq!(r.summary.other_tasks, 45);
    // Headings 1–4 are tuned on, 5–7 held out.
    for l in &gold {
        let heading: u32 = l.other_id.split('.').nth(1).unwrap().parse().unwrap();
        assert_eq!(l.half == "tune", heading <= 4, "{}", l.other_id);
        assert!(l.base.is_empty() == (l.kind == "body" || l.kind == "local"));
    }
    let ids: Vec<&str> = gold.iter().map(|l| l.other_id.as_str()).collect();
    let mut reported: Vec<&str> = r
        .tasks
        .matches
        .iter()
        .map(|m| m.other.id.as_str())
        .chain(r.tasks.restated.iter().map(|u| u.task.id.as_str()))
        .chain(r.tasks.local_additions.iter().map(|u| u.task.id.as_str()))
        .collect();
    reported.sort_by_key(|id| ids.iter().position(|g| g == id));
    assert_eq!(reported, ids);
}

/// Precision and recall of the (bullet, central task) pairs on both halves. Headings 5–7 were
/// not looked at while the method was made (see fixtures/diff/README.md for the figures).
#[test]
fn alignment_of_hau_giang_prose_against_03_nq_cp() {
    let gold = prose_gold();
    let r = haugiang();
    for half in ["tune", "hold"] {
        let lines: Vec<_> = gold.iter().filter(|l| l.half == half).collect();
        let s = diff_gold::score(r, &lines);
        let (rp, rr) = diff_gold::restated_score(r, &lines);
        eprintln!("Hậu Giang {half}: {s}; restated solutions precision {rp:.3} recall {rr:.3}");
        // The target (0.9) on the half tuned on; the held-out half is guarded where it
        // was measured (precision 0.810, recall 0.850 at the fifth round — short of the target,
        // see fixtures/diff/README.md), never tuned on.
        let (precision, recall) = if half == "tune" {
            (0.9, 0.9)
        } else {
            (0.8, 0.84)
        };
        assert!(s.precision >= precision, "{half}: {s}");
        assert!(s.recall >= recall, "{half}: {s}");
        assert!(rp >= 0.9 && rr >= 0.85, "{half}: {rp} {rr}");
    }
}

fn sxd() -> &'static DiffReport {
    static R: OnceLock<DiffReport> = OnceLock::new();
    R.get_or_init(|| report("seeds/angiang-sxd-kh-nq71.txt"))
}

/// Two more prose plans of An Giang (a department's, the provincial office's), read against
/// 03/NQ-CP by hand, tuned on like Hậu Giang 1–4; guarded where they were measured.
#[test]
fn alignment_of_two_more_prose_plans_against_03_nq_cp() {
    for (file, plan, precision, recall) in [
        (
            "sxd_angiang_vs_nq03.gold.tsv",
            "seeds/angiang-sxd-kh-nq71.txt",
            0.96,
            0.84,
        ),
        (
            "vpubnd_angiang_vs_nq03.gold.tsv",
            "seeds/angiang-vpubnd-kh-nq71.txt",
            0.92,
            0.75,
        ),
    ] {
        let gold = diff_gold::prose_gold(&gold_dir().join(file));
        let r = if plan.contains("sxd") {
            sxd().clone()
        } else {
            report(plan)
        };
        let ids: std::collections::BTreeSet<&str> =
            gold.iter().map(|l| l.other_id.as_str()).collect();
        let t = &r.tasks;
        let reported: std::collections::BTreeSet<&str> = t
            .matches
            .iter()
            .map(|m| m.other.id.as_str())
            .chain(
                t.restated
                    .iter()
                    .chain(&t.local_additions)
                    .map(|u| u.task.id.as_str()),
            )
            .collect();
        assert_eq!(ids, reported, "{file}: a gold line for every bullet");
        let s = diff_gold::score(&r, &gold.iter().collect::<Vec<_>>());
        eprintln!("{plan}: {s}");
        assert!(s.precision >= precision, "{plan}: {s}");
        assert!(s.recall >= recall, "{plan}: {s}");
    }
}

#[test]
fn a_fragment_of_a_programme_takes_up_only_that_programme() {
    // "Triển khai kế hoạch thực hiện Chương trình phát triển kinh tế số, xã hội số …; giao trách
    // nhiệm người đứng đầu …; triển khai bộ tiêu chí đánh giá; …": the fragments list the
    // programme's features (body 3.e), not the regulation on heads (4) or the criteria for
    // digital investment (128).
    assert_eq!(numbers(find(sxd(), "IV.3.-4")), [60]);
    // "… chống lừa đảo trực tuyến, chú trọng xây dựng, củng cố các lực lượng nòng cốt về an
    // toàn, an ninh mạng": the action listed after a comma takes up 104 on its own.
    let m = find(sxd(), "IV.5.-6");
    let forces = m.parts.iter().find(|p| p.base_id == "V.104");
    assert!(
        forces.is_some_and(|p| p.clause.as_deref().unwrap().starts_with("củng cố")),
        "{:?}",
        m.parts
    );
    // "… kết quả phát triển Chính quyền số" is the local "Chính phủ số" (89).
    assert!(numbers(find(sxd(), "IV.5.-1")).contains(&89));
}

#[test]
fn a_clause_naming_its_task_is_taken_under_the_clause_threshold() {
    // "Phối hợp xây dựng chương trình trọng điểm phát triển các đô thị/đặc khu thông minh theo
    // dự kiến của tỉnh (…)" names 64's smart cities (0.34, its best task): taken up.
    assert!(numbers(find(sxd(), "IV.3.-5")).contains(&64));
    // "…; hệ thống thông tin địa lý; …" is an item whose action an earlier clause states: it
    // shares "hệ thống thông tin" with 113 (0.34, its best task) but is not taken under
    // `CLAUSE`.
    assert!(!numbers(find(sxd(), "IV.5.-6")).contains(&113));
}

#[test]
fn raising_is_not_capacity() {
    // "Triển khai nâng cao năng lực về khoa học, công nghệ …" and 20's "… nâng cao hiệu quả
    // quản lý nhà nước về khoa học, công nghệ …" share "nang" once folded, nothing as written.
    let takes_20 = sxd()
        .tasks
        .matches
        .iter()
        .any(|m| m.other.id == "IV.4.-3" && m.parts.iter().any(|p| p.base_id == "II.20"));
    assert!(!takes_20);
}

#[test]
fn the_explanation_names_the_solutions_behind_the_restated_check() {
    // Why IV.3.-4 does not take up 128: 128 carries out body 6.n, the bullet restates 3.e (the
    // programme for the digital economy), and the feature "triển khai bộ tiêu chí đánh giá"
    // restates no solution of its own. Reading a miss needs these, not only a true/false gate.
    let other = common::convert("seeds/angiang-sxd-kh-nq71.txt");
    let why = vanban::diff::explain_pair(nq03(), &other, "IV.3.-4", 128).unwrap();
    assert!(why.contains("task carries out II.6.n"), "{why}");
    assert!(why.contains("bullet restates [\"II.3.e\"]"), "{why}");
    let feature = why
        .lines()
        .find(|l| l.ends_with(": triển khai bộ tiêu chí đánh giá"))
        .unwrap_or_else(|| panic!("{why}"));
    assert!(
        feature.contains("restates - carries_out_another true"),
        "{feature}"
    );
}

fn find<'a>(r: &'a DiffReport, id: &str) -> &'a vanban::diff::TaskMatch {
    r.tasks
        .matches
        .iter()
        .find(|m| m.other.id == id)
        .unwrap_or_else(|| panic!("{id} is matched"))
}

fn numbers(m: &vanban::diff::TaskMatch) -> Vec<u32> {
    let mut n: Vec<u32> = m.base.iter().map(|b| b.number.unwrap()).collect();
    n.sort();
    n
}

#[test]
fn a_bullet_takes_up_every_task_it_names() {
    let r = haugiang();
    // "chương trình đào tạo, bồi dưỡng …; phong trào học tập số …. Cung cấp miễn phí kiến thức …"
    let m = find(r, "II.1.-5");
    assert_eq!(numbers(m), [3, 11, 12]);
    assert_eq!(m.parts.len(), m.base.len());
    for (b, p) in m.base.iter().zip(&m.parts) {
        assert_eq!(b.id, p.base_id);
        assert!(p.clause.is_some(), "{p:?}");
    }
    // The clause that takes up 11 is the one about free knowledge for the people.
    let free = m.parts.iter().find(|p| p.base_id == "I.11").unwrap();
    assert!(free
        .clause
        .as_deref()
        .unwrap()
        .starts_with("Cung cấp miễn phí"));
    // Three tasks of one bullet; and task 136 may also be taken up by another bullet.
    assert_eq!(numbers(find(r, "II.3.-2")), [46, 47, 52]);
    assert!(r.summary.multi_task >= 8, "{}", r.summary.multi_task);
    assert_eq!(
        r.summary.multi_task,
        r.tasks.matches.iter().filter(|m| m.base.len() > 1).count()
    );
    // The diaspora-experts database bullet is task 136.
    assert_eq!(numbers(find(r, "II.7.-2")), [136]);
    // "Kết nối với mạng lưới chuyên gia, nhà khoa học quốc tế …" takes up 136 through the
    // action 136 lists ("…, kết nối hiệu quả và phát triển mạng lưới chuyên gia …").
    let experts = find(r, "II.4.-2");
    let connect = experts.parts.iter().find(|p| p.base_id == "VII.136");
    assert!(
        connect.is_some_and(|p| p.clause.as_deref().unwrap().starts_with("Kết nối")),
        "{:?}",
        experts.parts
    );
    // "… các văn bản của cấp trên về phát triển công nghệ và công nghiệp chiến lược" is about
    // that subject and takes up the national programme (43), not the fund (45).
    let acts = numbers(find(r, "II.3.-1"));
    assert!(acts.contains(&43) && !acts.contains(&45), "{acts:?}");
}

#[test]
fn a_bullet_restating_the_resolutions_body_is_not_a_local_addition() {
    let r = haugiang();
    // "Phát động phong trào phát minh, sáng chế …" restates solution 1.p of the programme, which
    // has no row in Phụ lục II; task 13 (the thi đua movement) carries out 1.o.
    let u = r
        .tasks
        .restated
        .iter()
        .find(|u| u.task.id == "II.1.-7")
        .expect("II.1.-7 restates BASE's body");
    assert_eq!(u.restates[0].id, "II.1.p");
    assert!(u.restates[0]
        .text
        .starts_with("Phát động phong trào phát minh"));
    assert_eq!(u.closest.as_deref(), Some("I.13"));
    assert!(u
        .closest_name
        .as_deref()
        .unwrap()
        .starts_with("Phát động phong trào thi đua"));
    // STEM education: body 4.b and 4.g, no row.
    let stem = r
        .tasks
        .restated
        .iter()
        .find(|u| u.task.id == "II.4.-3")
        .unwrap();
    let ids: Vec<&str> = stem.restates.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"II.4.b") && ids.contains(&"II.4.g"),
        "{ids:?}"
    );
    assert_eq!(r.summary.restated, r.tasks.restated.len());
    // The same for a table plan: An Giang's STEM row restates 4.b.
    let ag = angiang();
    let iv2 = ag
        .tasks
        .restated
        .iter()
        .find(|u| u.task.id == "IV.2")
        .unwrap();
    assert_eq!(iv2.restates[0].id, "II.4.b");
}

/// The percentage a report prints for a score ("72%").
fn percent(score: f64) -> String {
    format!("{}%", (score * 100.0).round() as i64)
}

/// The first percentage printed after `marker` in `text`.
fn percent_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let end = rest.find('%')? + 1;
    let start = rest[..end].rfind(|c: char| !c.is_ascii_digit() && c != '%')? + 1;
    Some(&rest[start..end])
}

/// Every report shows a bullet that takes up several central tasks as one bullet, with each
/// central task and that task's own score; and a bullet that restates BASE's body (II.1.-7,
/// solution 1.p) under its own heading, apart from the local additions. JSON, Markdown and
/// HTML here; the workbook in `xlsx_opens_in_libreoffice_calc`.
#[test]
fn every_report_shows_multi_task_and_restating_bullets() {
    let r = haugiang();
    let m = find(r, "II.1.-5");
    assert!(m.base.len() >= 3, "{:?}", numbers(m));
    // JSON: one entry, a part with a score and its clause per central task.
    let json = serde_json::to_value(r).unwrap();
    let list = |name: &str| json["tasks"][name].as_array().unwrap().clone();
    let entries: Vec<_> = list("matches")
        .into_iter()
        .filter(|e| e["other"]["id"] == "II.1.-5")
        .collect();
    assert_eq!(entries.len(), 1);
    let parts = entries[0]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), m.base.len());
    for (p, b) in parts.iter().zip(&m.base) {
        assert_eq!(p["base_id"], b.id.as_str());
        assert!(
            p["score"].as_f64().unwrap() > 0.0 && p["clause"].is_string(),
            "{p}"
        );
    }
    let has = |name: &str| list(name).iter().any(|u| u["task"]["id"] == "II.1.-7");
    assert!(has("restated") && !has("local_additions"));

    // Markdown: one row; each central task's id followed by its own score.
    let md = render_markdown(r, Lang::Vi);
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| **II.1.-5**"))
        .collect();
    assert_eq!(rows.len(), 1);
    for (b, p) in m.base.iter().zip(&m.parts) {
        let marker = format!("**{}**", b.id);
        assert_eq!(
            percent_after(rows[0], &marker),
            Some(percent(p.score).as_str()),
            "{}",
            b.id
        );
    }
    let section = |title: &str| {
        md.split(title)
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap()
    };
    let restated = section("## Nhắc lại giải pháp của văn bản gốc");
    assert!(restated
        .lines()
        .any(|l| l.starts_with("| II.1.-7 |") && l.contains("**II.1.p**")));
    assert!(!section("## Nhiệm vụ bổ sung của địa phương").contains("| II.1.-7 |"));

    // HTML: one row marked multi, a part per central task with its own score.
    let html = render_html(r, Lang::Vi);
    let id = |id: &str| format!("<div class=\"id\">{id}</div>");
    let rows: Vec<&str> = html
        .split("<tr class=\"row")
        .filter(|row| row.contains(&id("II.1.-5")))
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains(" multi\"") && rows[0].contains("nhiệm vụ gốc</span>"));
    assert_eq!(
        rows[0].matches("<div class=\"part\">").count(),
        m.base.len()
    );
    for (b, p) in m.base.iter().zip(&m.parts) {
        let score = percent_after(rows[0], &id(&b.id));
        assert_eq!(score, Some(percent(p.score).as_str()), "{}", b.id);
    }
    let restated = html.split("<h2 id=\"restated\">").nth(1).unwrap();
    let (restated, local) = restated.split_once("<h2 id=\"local\">").unwrap();
    assert!(restated.contains(&id("II.1.-7")) && restated.contains("II.1.p ("));
    assert!(!local.contains(&id("II.1.-7")));
}

/// A bullet that shares only its opening ("Tích cực, chủ động tham gia …") and the field's
/// boilerplate with a central task does not take it up; one that shares the object does.
#[test]
fn sharing_an_opening_is_not_a_match() {
    let base = "KẾ HOẠCH\nThử nghiệm\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\nTT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\nI. | Hợp tác quốc tế\n1. | Tích cực, chủ động tham gia định hình các khuôn khổ, quy tắc, quản trị về khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số trong các cơ chế hợp tác đa phương | Bộ Khoa học và Công nghệ | Các bộ, ngành | Thường xuyên\n2. | Xây dựng cơ sở dữ liệu về chuyên gia, trí thức Việt Nam ở nước ngoài | Bộ Ngoại giao | Các bộ, ngành | Thường xuyên\n3. | Xây dựng Đề án phát triển mạng lưới trung tâm đổi mới sáng tạo | Bộ Khoa học và Công nghệ | Các bộ, ngành | 2025\n4. | Xây dựng chương trình đào tạo về khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số cho cán bộ | Bộ Nội vụ | Các bộ, ngành | 2025\n5. | Thúc đẩy khởi nghiệp về khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số trong doanh nghiệp | Bộ Khoa học và Công nghệ | Các bộ, ngành | 2026\n6. | Xây dựng cơ chế tài chính cho hoạt động khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số | Bộ Tài chính | Các bộ, ngành | 2025\n";
    let other = "KẾ HOẠCH\nThử nghiệm\nII. NHIỆM VỤ, GIẢI PHÁP\n1. Hợp tác quốc tế\n- Tích cực, chủ động tham gia phát triển khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh Hậu Giang.\n- Xây dựng cơ sở dữ liệu về chuyên gia, trí thức tỉnh ở nước ngoài.\n";
    let opts = vanban::ConvertOptions::default();
    let b = vanban::convert_bytes("base.txt", base.as_bytes(), &opts).unwrap();
    let o = vanban::convert_bytes("other.txt", other.as_bytes(), &opts).unwrap();
    // The field's boilerplate recurs across the plan, as in a real one.
    assert_eq!(b.tasks.len(), 6);
    let r = diff(&b, &o);
    assert_eq!(r.summary.other_tasks, 2);
    let pairs: Vec<(String, String)> = r
        .tasks
        .matches
        .iter()
        .flat_map(|m| {
            m.base
                .iter()
                .map(move |t| (m.other.id.clone(), t.id.clone()))
        })
        .collect();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].1, "I.2");
    // By text alone the first bullet would take up task 1: the opening and boilerplate.
    let by_text = vanban::diff::pair_score(&b, &o, "II.1.-1", 1).unwrap();
    assert!(by_text >= vanban::diff::CLAUSE, "{by_text}");
}

/// A plan with the given tasks under one pillar, and other tasks, as in a real plan, so that
/// what two tasks share is rare enough to count.
fn plan_with(tasks: &[&str]) -> vanban::Document {
    let mut base = String::from("KẾ HOẠCH\nThử nghiệm\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\nTT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\nI. | Công nghệ\n");
    let fillers = [
        "hạ tầng năng lượng",
        "kinh tế biển",
        "đô thị thông minh",
        "bản sao số",
        "dịch vụ công trực tuyến",
        "trung tâm dữ liệu",
        "chữ ký số",
        "bệnh án điện tử",
        "sàn giao dịch việc làm",
        "định danh tàu thuyền",
    ];
    let fillers = fillers.iter().map(|f| format!("Xây dựng Đề án {f}"));
    for (k, t) in tasks
        .iter()
        .map(|t| t.to_string())
        .chain(fillers)
        .enumerate()
    {
        base.push_str(&format!(
            "{}. | {t} | Bộ Tài chính | Các bộ, ngành | 2025\n",
            k + 1
        ));
    }
    let opts = vanban::ConvertOptions::default();
    vanban::convert_bytes("base.txt", base.as_bytes(), &opts).unwrap()
}

/// A clause that carries out "the documents of the level above on X" takes up a central task
/// that makes an act on X, not one that sets up something else on X.
#[test]
fn documents_on_a_subject_take_up_an_act_on_it() {
    let fund = "Xây dựng, trình Thủ tướng Chính phủ thành lập Quỹ Đầu tư phát triển công nghiệp chiến lược";
    let programme = "Xây dựng Chương trình Quốc gia phát triển công nghệ và công nghiệp chiến lược bao gồm Đề án Phát triển hệ thống các trung tâm nghiên cứu, thử nghiệm, các phòng thí nghiệm trọng điểm Quốc gia";
    let other = "KẾ HOẠCH\nThử nghiệm\nII. NHIỆM VỤ, GIẢI PHÁP\n1. Công nghệ\n- Triển khai thực hiện có hiệu quả các văn bản của cấp trên về phát triển công nghệ và công nghiệp chiến lược.\n";
    let o = vanban::convert_bytes("other.txt", other.as_bytes(), &Default::default()).unwrap();
    let taken = |b: &vanban::Document| -> Vec<String> {
        diff(b, &o)
            .tasks
            .matches
            .iter()
            .flat_map(|m| m.base.iter().map(|t| t.id.clone()))
            .collect()
    };
    // The fund alone: alike by text, but not an act.
    let only_fund = plan_with(&[fund]);
    assert_eq!(only_fund.tasks.len(), 11);
    let by_text = vanban::diff::pair_score(&only_fund, &o, "II.1.-1", 1).unwrap();
    assert!(by_text >= vanban::diff::CLAUSE, "{by_text}");
    assert!(taken(&only_fund).is_empty(), "{:?}", taken(&only_fund));
    // With the programme: the programme.
    assert_eq!(taken(&plan_with(&[fund, programme])), ["I.2"]);
}

#[test]
fn leads_deadlines_and_localities() {
    let r = angiang();
    let m = |id: &str| find(r, id);
    // I.7: the province's plan (03/2025) for the Government's "Kế hoạch triển khai" (01/2025).
    assert_eq!(m("I.7").base[0].number, Some(7));
    assert_eq!(m("I.7").deadline, "later");
    // III.2 copies task 46 and its lead, localized (Bộ KH&CN → Sở KH&CN).
    assert_eq!(m("III.2").base[0].number, Some(46));
    assert_eq!(m("III.2").lead, "localized");
    // Both "Thường xuyên": the same deadline, not "unknown".
    let recurring: Vec<_> = r
        .tasks
        .matches
        .iter()
        .filter(|m| m.other.deadline == "Thường xuyên" && m.base[0].deadline == "Thường xuyên")
        .collect();
    assert!(!recurring.is_empty());
    assert!(recurring.iter().all(|m| m.deadline == "same"));
    // "Sau khi …" waits for a central act.
    assert!(r.tasks.matches.iter().any(|m| m.deadline == "conditional"));
    let unknown = r
        .tasks
        .matches
        .iter()
        .filter(|m| m.deadline == "unknown")
        .count();
    assert!(unknown <= 5, "{unknown} deadlines left unknown");
    assert_eq!(
        r.summary.deadlines_same,
        r.tasks
            .matches
            .iter()
            .filter(|m| m.deadline == "same")
            .count()
    );
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
    // A bullet has no lead or deadline of its own.
    let h = find(haugiang(), "II.3.-5");
    assert_eq!(
        (h.lead.as_str(), h.deadline.as_str()),
        ("not_stated", "not_stated")
    );
}

#[test]
fn targets_compared_with_their_units() {
    let r = angiang();
    assert!(r.summary.indicators_matched >= 30);
    let find = |name: &str, value: f64| {
        r.indicators
            .matches
            .iter()
            .find(|m| m.base.name.contains(name) && m.other.value == Some(value))
            .unwrap_or_else(|| panic!("{name} {value}"))
    };
    // % GDP → % GRDP is a localized unit.
    assert!(find("kinh tế số", 20.0)
        .comparison
        .starts_with("localized_"));
    for m in &r.indicators.matches {
        if m.comparison.ends_with("same") {
            // "same" only when value and operator agree ("≥ 60" is not "> 60").
            assert_eq!(m.base.value, m.other.value, "{m:?}");
            assert_eq!(m.base.op == ">", m.other.op == ">", "{m:?}");
        }
    }
}

#[test]
fn json_conforms_is_deterministic_and_reads_converted_json() {
    let schema: serde_json::Value = serde_json::from_str(vanban::schema::DIFF_SCHEMA).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    for r in [angiang(), haugiang()] {
        let json = serde_json::to_value(r).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let json = serde_json::to_value(angiang()).unwrap();
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
    assert_eq!(serde_json::to_value(diff(nq03(), &loaded)).unwrap(), json);
}

#[test]
fn markdown_in_vietnamese_with_agencies_and_deadlines_per_match() {
    let r = angiang();
    let md = render_markdown(r, Lang::Vi);
    assert!(md.starts_with("# Đối chiếu kế hoạch"));
    assert!(md.contains(&format!(
        "## Nhiệm vụ tương ứng với văn bản gốc ({})",
        r.tasks.matches.len()
    )));
    assert!(md.contains("## Chú giải"));
    // The III.2 row carries both leads and both deadlines, and the verdicts in words.
    let row = md.lines().find(|l| l.starts_with("| **III.2**")).unwrap();
    for part in ["Sở Khoa học và Công nghệ", "2030", "địa phương hóa", "%"] {
        assert!(row.contains(part), "{part}: {row}");
    }
    assert!(!row.contains("0."), "scores as percentages: {row}");
    // Not taken up: the closest task is shown with its text, not only its id.
    let notup = md
        .split("## Nhiệm vụ gốc chưa được triển khai")
        .nth(1)
        .unwrap();
    let first = notup
        .lines()
        .find(|l| l.starts_with("| ") && !l.starts_with("| Số"))
        .unwrap();
    assert!(
        first.matches("**").count() >= 2 && first.len() > 200,
        "{first}"
    );
    let en = render_markdown(r, Lang::En);
    assert!(en.starts_with("# Plan comparison") && en.contains("localized"));
    // A bullet that takes up three tasks says so.
    let hmd = render_markdown(haugiang(), Lang::Vi);
    let row = hmd
        .lines()
        .find(|l| l.starts_with("| **II.1.-5**"))
        .unwrap();
    assert!(row.contains("(3 nhiệm vụ gốc)"), "{row}");
}

#[test]
fn self_contained_escaped_html_with_counts_that_agree() {
    let r = haugiang();
    let html = render_html(r, Lang::Vi);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"vi\">"));
    // Offline: nothing loaded from elsewhere.
    for external in ["src=\"http", "href=\"http", "<link", "<script src"] {
        assert!(!html.contains(external), "{external}");
    }
    // Text is escaped by the template engine: a quote in a task cannot end an attribute.
    assert!(html.contains("&quot;học tập số&quot;") || html.contains("“học tập số”"));
    let rows = html.matches("<tr class=\"row").count();
    let t = &r.tasks;
    assert_eq!(
        rows,
        t.matches.len()
            + t.not_taken_up.len()
            + t.restated.len()
            + t.local_additions.len()
            + r.indicators.matches.len()
    );
    // Each heading's count is the summary's.
    for (id, n) in [
        ("matches", t.matches.len()),
        ("notup", t.not_taken_up.len()),
        ("restated", t.restated.len()),
        ("local", t.local_additions.len()),
    ] {
        assert!(
            html.contains(&format!("id=\"n-{id}\" data-total=\"{n}\">{n}<")),
            "{id}"
        );
        assert!(html.contains(&format!("id=\"total-{id}\">{n}<")), "{id}");
    }
    assert!(html.contains("3 nhiệm vụ gốc"));
    let en = render_html(r, Lang::En);
    assert!(en.contains("<html lang=\"en\">") && en.contains("Legend"));
}

/// The HTML page in a real headless browser: the filter in the address (#q=…) hides the rows
/// that do not match and updates the counts; it matches without diacritics, agency names and
/// deadlines. Needs Debian's chromium (CI installs it).
#[test]
fn html_filters_in_a_headless_browser() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        eprintln!("SKIPPED: no chromium on this machine (apt-get install chromium)");
        return;
    };
    let r = angiang();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("diff.html");
    std::fs::write(&page, render_html(r, Lang::Vi)).unwrap();
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
    // The number the page shows in a heading: "12", or "3 / 12" when filtered.
    let shown = |dom: &str, id: &str| -> usize {
        let at = dom.find(&format!("id=\"n-{id}\"")).expect(id);
        let text = dom[at..]
            .split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        text.split(" / ").next().unwrap().trim().parse().unwrap()
    };
    let matching = |q: &str| {
        let q = vanban::text::fold(q);
        r.tasks
            .matches
            .iter()
            .filter(|m| m.search_text().contains(&q))
            .count()
    };
    let all = dump("");
    assert_eq!(shown(&all, "matches"), r.tasks.matches.len());
    assert_eq!(shown(&all, "notup"), r.tasks.not_taken_up.len());
    // Without diacritics: "du lieu" finds "dữ liệu".
    let expected = matching("dữ liệu");
    assert!(
        expected >= 2 && expected < r.tasks.matches.len(),
        "{expected}"
    );
    assert_eq!(shown(&dump("#q=du%20lieu"), "matches"), expected);
    // With them, the same rows.
    assert_eq!(
        shown(&dump("#q=d%E1%BB%AF%20li%E1%BB%87u"), "matches"),
        expected
    );
    // An agency: "Sở Tài chính" leads or co-operates in a few.
    let finance = matching("Sở Tài chính");
    assert!(finance >= 1, "{finance}");
    assert_eq!(
        shown(&dump("#q=S%E1%BB%9F%20T%C3%A0i%20ch%C3%ADnh"), "matches"),
        finance
    );
    // A deadline.
    assert_eq!(shown(&dump("#q=12%2F2028"), "matches"), matching("12/2028"));
    // Weak matches only; localities' tasks among those not taken up only.
    let weak = dump("#weak=1");
    assert_eq!(
        shown(&weak, "matches"),
        r.tasks.matches.iter().filter(|m| m.weak).count()
    );
    assert_eq!(shown(&weak, "notup"), r.tasks.not_taken_up.len());
    assert_eq!(
        shown(&dump("#local=1"), "notup"),
        r.summary.not_taken_up_local_role
    );
    // Prose: bullets taking up several tasks only.
    let h = haugiang();
    std::fs::write(&page, render_html(h, Lang::Vi)).unwrap();
    assert_eq!(shown(&dump("#multi=1"), "matches"), h.summary.multi_task);
}

/// The workbook opens in LibreOffice Calc with the Vietnamese text intact: each sheet converted
/// to CSV (UTF-8) holds the report's rows. Needs LibreOffice Calc (CI installs
/// libreoffice-calc-nogui).
#[test]
fn xlsx_opens_in_libreoffice_calc() {
    let r = haugiang();
    let bytes = render_xlsx(r, Lang::Vi).unwrap();
    assert_eq!(bytes, render_xlsx(r, Lang::Vi).unwrap(), "deterministic");
    assert!(bytes.starts_with(b"PK"));
    let Some(soffice) = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        eprintln!(
            "SKIPPED: no LibreOffice on this machine (apt-get install libreoffice-calc-nogui)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("diff.xlsx");
    std::fs::write(&book, &bytes).unwrap();
    // Its own profile, so that it does not join another running LibreOffice. UTF-8 (76),
    // every sheet (-1).
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&book)
        .output()
        .expect("soffice runs");
    let sheet = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("diff-{name}.csv")))
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", String::from_utf8_lossy(&out.stderr)))
    };
    let matches = sheet("Tương ứng");
    let mut csv = matches.lines();
    assert!(csv
        .next()
        .unwrap()
        .starts_with("Số,Nhiệm vụ đối chiếu,Chủ trì,Thời hạn"));
    // One row per (bullet, central task) pair; each task text starts a quoted cell.
    let pairs: usize = r.tasks.matches.iter().map(|m| m.base.len()).sum();
    let rows = matches.lines().filter(|l| l.starts_with("II.")).count();
    assert_eq!(rows, pairs);
    assert!(matches.contains("Phát động phong trào thi đua trong tỉnh"));
    assert!(matches.contains("phong trào “học tập số”"));
    // A bullet taking up several central tasks: a row per task, each with the bullet's number
    // of tasks and that task's own score.
    let m = find(r, "II.1.-5");
    let records = |csv: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let records_of_matches = records(&matches);
    let rows: Vec<_> = records_of_matches
        .iter()
        .filter(|row| &row[0] == "II.1.-5")
        .collect();
    assert_eq!(rows.len(), m.base.len());
    for ((row, b), p) in rows.iter().zip(&m.base).zip(&m.parts) {
        assert_eq!(&row[4], m.base.len().to_string());
        assert_eq!(&row[5], b.id);
        // A number formatted as a percentage, which Calc writes out in full ("72.5%").
        let shown: f64 = row[10].trim_end_matches('%').parse().unwrap();
        assert!((shown - p.score * 100.0).abs() < 1e-6, "{} {shown}", b.id);
    }
    // A bullet restating BASE's body on its own sheet, with the solution; not a local addition.
    let on = |name: &str, id: &str| records(&sheet(name)).iter().any(|row| &row[0] == id);
    assert!(on("Nhắc lại giải pháp", "II.1.-7") && !on("Bổ sung", "II.1.-7"));
    assert!(sheet("Nhắc lại giải pháp").contains("Phát động phong trào phát minh, sáng chế"));
    assert!(sheet("Tóm tắt").contains("Nhiệm vụ gốc chưa được triển khai"));
    assert!(sheet("Chưa triển khai").lines().count() > r.tasks.not_taken_up.len());
}

#[test]
fn two_versions_of_one_plan_71_extract_against_03() {
    // The 71/NQ-CP progress extract (a Markdown tracking table with "Tiến độ") repeats 03/NQ-CP
    // tasks with new deadlines.
    let r = report("reference/nq71_NQ-CP_2025_nhiem_vu_han_T3-T5_2025_trich.txt");
    assert_eq!(r.summary.other_tasks, 37);
    assert!(r.tasks.matches.len() >= 33, "{}", r.tasks.matches.len());
    let m = |id: &str| find(&r, id);
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

/// `vanban diff` as a user runs it: every format, both languages, a workbook written to -o.
#[test]
fn the_command_line_writes_each_format() {
    let bin = env!("CARGO_BIN_EXE_vanban");
    let fixture = |rel: &str| common::root().join("fixtures").join(rel);
    let (base, other) = (
        fixture("reference/nq03_NQ-CP_2025_full.txt"),
        fixture("seeds/haugiang-ubnd-kh-nq03.txt"),
    );
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("diff")
            .arg(&base)
            .arg(&other)
            .args(args)
            .output()
            .expect("vanban runs")
    };
    let md = run(&["--format", "md", "--lang", "en"]);
    assert!(md.status.success());
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("# Plan comparison"));
    let json = run(&[]);
    let r: DiffReport = serde_json::from_slice(&json.stdout).expect("the JSON report");
    assert_eq!(r.summary.other_tasks, 45);
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("diff.xlsx");
    let xlsx = run(&["--format", "xlsx", "-o", book.to_str().unwrap()]);
    assert!(
        xlsx.status.success(),
        "{}",
        String::from_utf8_lossy(&xlsx.stderr)
    );
    assert_eq!(
        std::fs::read(&book).unwrap(),
        render_xlsx(&r, Lang::Vi).unwrap()
    );
    let bad = run(&["--lang", "fr"]);
    assert_eq!(bad.status.code(), Some(2));
}
