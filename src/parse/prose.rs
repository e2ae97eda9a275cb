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

/// "Tỷ lệ … đạt trên 80%", "Quy mô kinh tế số đạt tối thiểu 20% GRDP".
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<name>(?:Tỷ|Tỉ) lệ|(?:Tỷ|Tỉ) trọng|Quy mô)\s+(?P<rest>[^;.:]{5,220}?)\s+(?:(?:đạt|là|chiếm|ở mức)\s+)?(?P<target>(?:(?:trên|tối thiểu|ít nhất|không dưới|khoảng|dưới|tối đa)\s+)?[0-9]+(?:[,.][0-9]+)?)\s*(?P<unit>%(?:\s*(?:GRDP|GDP))?)").unwrap()
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
        walk(s, s.label.as_deref(), &mut found);
    }
    found
}

fn walk(s: &Section, group: Option<&str>, found: &mut Found) {
    let texts = s.title.iter().chain(s.paragraphs.iter());
    for text in texts {
        read(text, s, group, found);
    }
    for c in &s.children {
        walk(c, group, found);
    }
}

fn read(text: &str, s: &Section, group: Option<&str>, found: &mut Found) {
    // Cheap tests on the text as written (NFC) before folding anything.
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let lead = has(&["chủ trì", "Chủ trì", "CHỦ TRÌ"]);
    let report = has(&["báo cáo", "Báo cáo"]);
    let rate = has(&["lệ", "trọng", "Quy mô", "quy mô"]);
    if !(lead || report || rate) {
        return;
    }
    let f = fold(text);
    // (each regex only where its literal stands: "chủ trì" as written, a percent sign)
    if lead && f.contains("chu tri") && text.contains("chủ trì") {
        for c in LEAD.captures_iter(text) {
            let lead = c["lead"].trim();
            // The lead must read as an agency ("Sở Tài chính", "Phòng Kế hoạch - Tài chính").
            if !agencies::starts_with_agency(lead) || lead.split_whitespace().count() > 14 {
                continue;
            }
            let support = c.name("support").map(|m| m.as_str()).unwrap_or("");
            let start = c.name("lead").unwrap().start();
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
    let when = f.contains("dinh ky") || f.contains("(truoc ngay");
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
    if (f.contains("ty le")
        || f.contains("ti le")
        || f.contains("ty trong")
        || f.contains("quy mo"))
        && text.contains('%')
    {
        for c in RATE.captures_iter(text) {
            let name = format!("{} {}", &c["name"], c["rest"].trim());
            let raw = format!(
                "{}{}",
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

/// The sentence of `text` that starts at or contains byte `at`.
fn sentence_at(text: &str, at: usize) -> &str {
    let start = text[..at]
        .rfind(". ")
        .map(|p| p + 2)
        .unwrap_or(0)
        .max(text[..at].rfind("; ").map(|p| p + 2).unwrap_or(0));
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
        let f = extract(&[section("Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp trong lĩnh vực quản lý của Sở đạt trên 80%; 95% công chức có tài khoản. Quy mô kinh tế số đạt tối thiểu 20% GRDP của tỉnh.")]);
        assert_eq!(f.indicators.len(), 2);
        assert_eq!(f.indicators[0].target.op, ">");
        assert_eq!(f.indicators[0].target.value, Some(80.0));
        assert!(f.indicators[0]
            .name
            .ends_with("trong lĩnh vực quản lý của Sở"));
        assert_eq!(f.indicators[1].unit.as_deref(), Some("% GRDP"));
        assert_eq!(f.indicators[1].target.op, ">=");
    }
}
