//! Tasks and targets stated in prose rather than tables:
//! - "Phòng Kế hoạch - Tài chính chủ trì, phối hợp Văn phòng Sở tham mưu …" → a task with its
//!   lead and co-operating agencies;
//! - "Định kỳ hàng quý (trước ngày 10 của tháng cuối quý) và hàng năm (trước ngày 15/11), báo
//!   cáo …" → a reporting task with a recurring deadline;
//! - "Tỷ lệ … đạt trên 80%" → an indicator.
//!
//! Each carries origin "prose" and the span of the section it was read from.

use crate::model::{Indicator, Section, Task};
use crate::normalize::{agencies, deadlines, targets};
use crate::text::fold;
use regex::Regex;
use std::sync::LazyLock;

/// "<lead> chủ trì(,) (phối hợp (với) <support>) <action>".
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.;]\s+|:\s*)(?P<lead>\p{Lu}[^.;:()]{1,120}?)\s+(?:có trách nhiệm\s+)?chủ trì(?:\s*,\s*|\s+)(?:phối hợp(?:\s+với)?\s+(?P<support>[^.;]{2,200}?)\s+(?P<verb>tham mưu|xây dựng|triển khai|tổ chức|theo dõi|hướng dẫn|thực hiện|bảo đảm|đảm bảo|rà soát|đề xuất|nghiên cứu|báo cáo|cân đối|bố trí|kiểm tra|đôn đốc|tổng hợp|ban hành|trình|hoàn thành|chỉ đạo)\b)?").unwrap()
});

/// "Tỷ lệ … đạt trên 80%", "Quy mô kinh tế số đạt tối thiểu 20% GRDP", "… tối thiểu đạt 25%".
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<name>[Tt](?:ỷ|ỉ) lệ|[Tt](?:ỷ|ỉ) trọng|[Qq]uy mô)\s+(?P<rest>[^;.:]{5,220}?)\s+(?:(?P<bound>trên|tối thiểu|ít nhất|không dưới|dưới|tối đa)\s+đạt\s+|(?:đạt|là|chiếm|ở mức)\s+)?(?P<target>(?:(?:trên|tối thiểu|ít nhất|không dưới|khoảng|dưới|tối đa)\s+)?[0-9]+(?:[,.][0-9]+)?(?:\s*[-–]\s*[0-9]+(?:[,.][0-9]+)?)?)\s*(?P<unit>%(?:\s*(?:GRDP|GDP))?)").unwrap()
});

/// "hàng quý (trước ngày 10 của tháng cuối quý)", "hàng năm (trước ngày 15/11)", "6 tháng (…)".
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:định kỳ\s+)?(?:hàng|hằng)\s+(?:quý|năm|tháng)(?:\s*\([^)]{1,60}\))?|[0-9]+\s+tháng\s*\([^)]{1,60}\)|\(trước ngày [^)]{1,40}\)").unwrap()
});

pub struct Found {
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
}

/// Reads the prose of `sections` (recursively). `group` is the top-level label above.
pub fn extract(sections: &[Section]) -> Found {
    let mut found = Found {
        tasks: Vec::new(),
        indicators: Vec::new(),
    };
    for s in sections {
        if s.kind == crate::model::SectionKind::Appendix {
            continue;
        }
        walk(s, s.label.as_deref(), false, &mut found);
    }
    found
}

/// `aims`: a heading above (or this one) names aims or targets ("Mục tiêu cụ thể", "Chỉ tiêu").
fn walk(s: &Section, group: Option<&str>, aims: bool, found: &mut Found) {
    let aims = aims || s.title.as_deref().is_some_and(names_aims);
    let texts = s.title.iter().chain(s.paragraphs.iter());
    for text in texts {
        read(text, s, group, aims, found);
    }
    for c in &s.children {
        walk(c, group, aims, found);
    }
}

fn names_aims(title: &str) -> bool {
    let f = fold(title);
    f.contains("muc tieu") || f.contains("chi tieu")
}

/// Whether a rate states a target rather than a result ("Tỷ lệ … đạt 82%" in a report, "năm
/// 2023 chiếm 5,28% GRDP" in a plan's review of the past). A target is set by a threshold
/// ("tối thiểu", "ít nhất", "không dưới", "tối đa", "trở lên"), looks forward ("phấn đấu", "đến
/// năm", "đến hết năm", "đến cuối năm"), names itself ("mục tiêu", "chỉ tiêu"), or stands under a
/// heading of aims. Results are kept where they stand, in the section's text.
fn states_a_target(sentence: &str, aims: bool) -> bool {
    const MARKERS: [&str; 11] = [
        "toi thieu",
        "it nhat",
        "khong duoi",
        "toi da",
        "tro len",
        "phan dau",
        "den nam",
        "den het nam",
        "den cuoi nam",
        "muc tieu",
        "chi tieu",
    ];
    aims || {
        let f = fold(sentence);
        MARKERS.iter().any(|m| f.contains(m))
    }
}

fn read(text: &str, s: &Section, group: Option<&str>, aims: bool, found: &mut Found) {
    // Cheap tests on the text as written (NFC) before folding anything.
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let lead = has(&["chủ trì", "Chủ trì", "CHỦ TRÌ"]);
    let report = has(&["báo cáo", "Báo cáo"]);
    // (a rate is read only where a percent sign stands)
    let rate = text.contains('%') && has(&["lệ", "trọng", "Quy mô", "quy mô"]);
    if !(lead || report || rate) {
        return;
    }
    // (folded only for the tests that need it: most paragraphs naming "chủ trì" need none)
    let folded = std::cell::OnceCell::new();
    let f = || folded.get_or_init(|| fold(text));
    // (each regex only where its literal stands: "chủ trì" as written, a percent sign)
    if lead && text.contains("chủ trì") {
        let found_leads = lead_pieces(text)
            .filter(|(_, piece)| piece.contains("chủ trì"))
            .flat_map(|(at, piece)| LEAD.captures_iter(piece).map(move |c| (at, c)));
        for (at, c) in found_leads {
            let lead = c["lead"].trim();
            // The lead must read as an agency ("Sở Tài chính", "Phòng Kế hoạch - Tài chính").
            if !agencies::starts_with_agency(lead) || lead.split_whitespace().count() > 14 {
                continue;
            }
            let support = c.name("support").map(|m| m.as_str()).unwrap_or("");
            let start = at + c.name("lead").unwrap().start();
            let sentence = sentence_at(text, start);
            found.tasks.push(Task {
                group: group.map(str::to_string),
                number: None,
                name: sentence.to_string(),
                lead: agencies::parse_agencies(lead),
                support: agencies::parse_agencies(support),
                result: None,
                deadline: deadline_in(sentence),
                status: None,
                origin: "prose".into(),
                span: s.span,
            });
        }
    }
    // A reporting duty names when: "định kỳ …" or "(trước ngày …)".
    let when = report && (f().contains("dinh ky") || f().contains("(truoc ngay"));
    if report && when && REPORTING.is_match(text) {
        // A reporting duty not already read as a "chủ trì" task.
        let sentence_start = text.find(|c: char| c.is_uppercase()).unwrap_or(0);
        let sentence = sentence_at(text, sentence_start);
        if !found.tasks.iter().any(|t| t.name == sentence) && fold(sentence).contains("bao cao") {
            found.tasks.push(Task {
                group: group.map(str::to_string),
                number: None,
                name: sentence.to_string(),
                lead: agencies::parse_agencies(""),
                support: agencies::parse_agencies(""),
                result: None,
                deadline: deadline_in(sentence),
                status: None,
                origin: "prose".into(),
                span: s.span,
            });
        }
    }
    if rate
        && (f().contains("ty le")
            || f().contains("ti le")
            || f().contains("ty trong")
            || f().contains("quy mo"))
    {
        for c in RATE.captures_iter(text) {
            // What the sentence says up to the figure: a target named after it ("đạt 82% (chỉ
            // tiêu đề ra là tối thiểu 80%)") is what a result is measured against.
            let figure_end = c.name("target").unwrap().end();
            let start = sentence_start(text, c.get(0).unwrap().start());
            if c["rest"].contains('%') || !states_a_target(&text[start..figure_end], aims) {
                continue;
            }
            let name = format!("{} {}", &c["name"], c["rest"].trim());
            let bound = c
                .name("bound")
                .map_or(String::new(), |b| format!("{} ", b.as_str()));
            let raw = format!(
                "{bound}{}{}",
                &c["target"],
                if c["unit"].starts_with('%') { "%" } else { "" }
            );
            let unit = c["unit"].trim().to_string();
            found.indicators.push(Indicator {
                id: format!("p{}", found.indicators.len() + 1),
                group: group.map(str::to_string),
                horizon: None,
                name,
                unit: Some(unit),
                target: targets::parse_target(&raw),
                owner: agencies::parse_agencies(""),
                origin: "prose".into(),
                span: s.span,
            });
        }
    }
}

/// Where the sentence of `text` that holds byte `at` starts.
fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(". ")
        .map(|p| p + 2)
        .unwrap_or(0)
        .max(text[..at].rfind("; ").map(|p| p + 2).unwrap_or(0))
}

/// The sentence of `text` that starts at or contains byte `at`.
/// `text` cut before each '.' and ';', with where each piece starts: a match of `LEAD` holds
/// them only as its first char (its lead, support and verb hold none), so it lies in one
/// piece, and the pieces read one by one find the matches the whole text gives. (Read whole,
/// each search ran to the end of a long section: the `\b` after the verb, a Unicode word
/// boundary, keeps the regex from its DFA on Vietnamese text.)
fn lead_pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let cuts = text.match_indices(['.', ';']).map(|(i, _)| i);
    let starts = std::iter::once(0).chain(cuts.clone());
    let ends = cuts.chain(std::iter::once(text.len()));
    starts.zip(ends).map(|(s, e)| (s, &text[s..e]))
}

fn sentence_at(text: &str, at: usize) -> &str {
    let start = sentence_start(text, at);
    let end = text[at..]
        .find(". ")
        .map(|p| at + p + 1)
        .unwrap_or(text.len());
    text[start..end].trim()
}

/// The deadline a sentence states: "trong năm 2025", "hàng quý (…)", "(trước ngày 15/11)".
fn deadline_in(sentence: &str) -> crate::model::Deadline {
    let reporting: Vec<&str> = REPORTING.find_iter(sentence).map(|m| m.as_str()).collect();
    if !reporting.is_empty() {
        let mut d = deadlines::parse_deadline(&reporting.join("; "));
        d.kind = "recurring".into();
        return d;
    }
    let f = fold(sentence);
    for marker in ["hoan thanh trong nam ", "trong nam ", "truoc ngay ", "nam "] {
        if let Some(pos) = f.find(marker) {
            let at = crate::text::byte_offset(sentence, f[..pos].chars().count() + marker.len());
            let tail: String = sentence[at..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '/')
                .collect();
            if tail.len() >= 4 {
                let d = deadlines::parse_deadline(&tail);
                if d.kind != "text" {
                    let mut d = d;
                    d.raw = sentence[crate::text::byte_offset(sentence, f[..pos].chars().count())
                        ..at + tail.len()]
                        .to_string();
                    return d;
                }
            }
        }
    }
    // "hằng năm" and "hàng năm" fold alike.
    if f.contains("hang nam") || f.contains("thuong xuyen") {
        return deadlines::parse_deadline(if f.contains("thuong xuyen") {
            "Thường xuyên"
        } else {
            "Hằng năm"
        });
    }
    deadlines::parse_deadline("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SectionKind, Span};

    fn section(p: &str) -> Section {
        Section {
            label: Some("3".into()),
            kind: SectionKind::Arabic,
            title: None,
            paragraphs: vec![p.into()],
            children: vec![],
            span: Span::lines(1, 10, 12),
        }
    }

    #[test]
    fn leads_read_piece_by_piece_as_in_the_whole_text() {
        let text = "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ bố trí kinh phí. UBND các huyện \
            chủ trì triển khai; Sở Y tế có trách nhiệm chủ trì, phối hợp Sở Tư pháp thực hiện\
            ở; 2. Nội dung: Công an tỉnh chủ trì  phối hợp các sở, ngành; tổ chức. Văn phòng \
            chủ trì. Ban Quản lý chủ trì, phối hợp Sở Xây dựng báo cáo.";
        let whole: Vec<_> = LEAD
            .captures_iter(text)
            .map(|c| {
                let lead = c.name("lead").unwrap();
                let tail = ["support", "verb"].map(|g| c.name(g).map(|m| m.range()));
                (lead.start(), lead.end(), tail)
            })
            .collect();
        let pieces: Vec<_> = lead_pieces(text)
            .flat_map(|(at, piece)| LEAD.captures_iter(piece).map(move |c| (at, c)))
            .map(|(at, c)| {
                let lead = c.name("lead").unwrap();
                let tail =
                    ["support", "verb"].map(|g| c.name(g).map(|m| at + m.start()..at + m.end()));
                (at + lead.start(), at + lead.end(), tail)
            })
            .collect();
        assert!(whole.len() >= 5, "{whole:?}");
        assert_eq!(pieces, whole);
        let joined: String = lead_pieces(text).map(|(_, p)| p).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn lead_and_support() {
        let f = extract(&[section("Phòng Kế hoạch - Tài chính chủ trì, phối hợp Văn phòng Sở tham mưu dự toán kinh phí để triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ Kế hoạch đã đề ra.")]);
        assert_eq!(f.tasks.len(), 1);
        let t = &f.tasks[0];
        assert_eq!(t.lead.agencies, ["Phòng Kế hoạch - Tài chính"]);
        assert_eq!(t.support.agencies, ["Văn phòng Sở"]);
        assert_eq!(t.origin, "prose");
        let f = extract(&[section("Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành tỉnh và địa phương bảo đảm nguồn kinh phí thực hiện hằng năm theo Kế hoạch.")]);
        assert_eq!(f.tasks[0].lead.agencies, ["Sở Tài chính"]);
        assert_eq!(f.tasks[0].deadline.kind, "recurring");
    }

    #[test]
    fn reporting_duty_and_rates() {
        let f = extract(&[section("Định kỳ hàng quý (trước ngày 10 của tháng cuối quý) và hàng năm (trước ngày 15/11), báo cáo kết quả thực hiện các nhiệm vụ được giao tại Kế hoạch.")]);
        assert_eq!(f.tasks.len(), 1);
        assert_eq!(f.tasks[0].deadline.kind, "recurring");
        assert!(f.tasks[0].deadline.raw.contains("trước ngày 15/11"));
        let mut aims = section("Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp trong lĩnh vực quản lý của Sở đạt trên 80%; 95% công chức có tài khoản. Quy mô kinh tế số đạt tối thiểu 20% GRDP của tỉnh.");
        aims.title = Some("Mục tiêu cụ thể".into());
        let f = extract(&[aims]);
        assert_eq!(f.indicators.len(), 2);
        assert_eq!(f.indicators[0].target.op, ">");
        assert_eq!(f.indicators[0].target.value, Some(80.0));
        assert!(f.indicators[0]
            .name
            .ends_with("trong lĩnh vực quản lý của Sở"));
        assert_eq!(f.indicators[1].unit.as_deref(), Some("% GRDP"));
        assert_eq!(f.indicators[1].target.op, ">=");
    }

    #[test]
    fn results_are_not_targets() {
        // A report's figures, a plan's review of past years: results, not indicators.
        for text in [
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 82%; tỷ lệ khai thác đạt 85,9%.",
            "Quy mô kinh tế số tỉnh An Giang năm 2023 chiếm 5,28% GRDP, năm 2024 chiếm 5,99%.",
            "Tỷ lệ hài lòng của người dân đạt trên 90%.",
            "Tỷ lệ hồ sơ giải quyết đúng hẹn đạt 97,28% (chỉ tiêu đề ra là tối thiểu 98%).",
            "Đã kiểm tra 42/139 cơ quan, đạt tỷ lệ 30% (chỉ tiêu đề ra là tối thiểu 20%).",
        ] {
            assert!(extract(&[section(text)]).indicators.is_empty(), "{text}");
        }
        // A threshold or a horizon sets a target wherever it stands.
        for text in [
            "Quy mô kinh tế số đạt tối thiểu 20% GRDP của tỉnh.",
            "Đến năm 2030, tỷ lệ hồ sơ trực tuyến toàn trình đạt 80%.",
            "Phấn đấu tỷ lệ hồ sơ giải quyết đúng hẹn đạt 100%.",
        ] {
            assert_eq!(extract(&[section(text)]).indicators.len(), 1, "{text}");
        }
        // The bound said before "đạt" is the target's, not the name's.
        let found = extract(&[section(
            "Nâng tỷ lệ cán bộ có chuyên môn về khoa học kỹ thuật, hướng tới tối thiểu đạt 25%.",
        )])
        .indicators;
        assert_eq!(
            found[0].name,
            "tỷ lệ cán bộ có chuyên môn về khoa học kỹ thuật, hướng tới"
        );
        assert_eq!(
            (found[0].target.op.as_str(), found[0].target.value),
            (">=", Some(25.0))
        );
        // Under a heading of aims, a plain rate is a target; the heading is inherited.
        let mut aims = section("");
        aims.title = Some("II. MỤC TIÊU".into());
        aims.children = vec![section(
            "Tỷ lệ hài lòng của người dân đạt trên 90%; tỷ lệ khai thác thương mại đạt 8 - 10%.",
        )];
        let found = extract(&[aims]).indicators;
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].target.op, "range");
        assert_eq!(
            (found[1].target.value, found[1].target.max),
            (Some(8.0), Some(10.0))
        );
    }
}
