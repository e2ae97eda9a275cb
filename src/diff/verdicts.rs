//! How a matched pair differs: lead agency, deadline, numeric target.

use super::TaskRef;
use crate::model::Indicator;
use std::cmp::Ordering;

/// Canonical names of the bodies that stand for "localities" in a central plan.
pub fn is_locality(name: &str) -> bool {
    let f = crate::text::fold(name);
    f.contains("dia phuong")
        || f.contains("ubnd")
        || f.contains("uy ban nhan dan")
        || f.contains("cac tinh")
}

/// A task's lead agencies as they are compared: folded names, the names without their "Bộ" or
/// "Sở", and whether one stands for localities. Built once per task.
#[derive(Debug, Clone, Default)]
pub struct Leads {
    folded: Vec<String>,
    keys: Vec<String>,
    locality: bool,
}

impl Leads {
    pub fn new(agencies: &[String]) -> Leads {
        let folded: Vec<String> = agencies.iter().map(|a| crate::text::fold(a)).collect();
        let keys = folded
            .iter()
            .map(|f| f.replacen("bo ", "", 1).replacen("so ", "", 1))
            .collect();
        Leads {
            locality: agencies.iter().any(|a| is_locality(a)),
            folded,
            keys,
        }
    }
}

/// Bộ X ↔ Sở X; a central task led by localities ↔ any provincial body. The verdict is
/// "same", "localized", "changed", "not_stated" (OTHER names no lead) or "unknown" (BASE
/// names none).
pub fn compare_leads(base: &Leads, other: &Leads) -> (f64, &'static str) {
    if other.folded.is_empty() {
        return (0.0, "not_stated");
    }
    if base.folded.is_empty() {
        return (0.0, "unknown");
    }
    let shared = |a: &[String], b: &[String]| a.iter().any(|x| b.contains(x));
    if shared(&base.folded, &other.folded) {
        (1.0, "same")
    } else if shared(&base.keys, &other.keys) || base.locality {
        (0.8, "localized")
    } else {
        (0.0, "changed")
    }
}

pub fn agency_score(base: &[String], other: &[String]) -> (f64, &'static str) {
    compare_leads(&Leads::new(base), &Leads::new(other))
}

/// A recurring deadline as a comparable key: "Thường xuyên" = "Nhiệm vụ thường xuyên",
/// "Hằng năm" = "Hàng năm", "2025 và những năm tiếp theo" keyed by its first year.
fn recurrence(t: &TaskRef) -> String {
    let f = crate::text::fold(&t.deadline);
    let phrase = [
        "thuong xuyen",
        "hang nam",
        "hang quy",
        "hang thang",
        "dinh ky",
        "lien tuc",
    ]
    .into_iter()
    .find(|p| f.contains(p))
    .unwrap_or("tiep theo");
    format!("{}|{phrase}", t.deadline_start.as_deref().unwrap_or(""))
}

/// "same", "earlier", "later" (both dated); "same" or "different" (recurring, or one
/// recurring and one dated); "conditional" (OTHER's waits for a central act: "Sau khi …");
/// "not_stated" (OTHER gives none); "unknown" (BASE gives none, or a text deadline).
pub fn deadline_change(base: &TaskRef, other: &TaskRef) -> &'static str {
    if other.deadline.trim().is_empty() {
        return "not_stated";
    }
    if other.deadline_kind == "conditional" {
        return "conditional";
    }
    match (&base.deadline_end, &other.deadline_end) {
        (Some(b), Some(o)) => {
            // Compare as far as both are precise: "2025" against "2025-06" is the same year.
            let n = b.len().min(o.len());
            match o[..n].cmp(&b[..n]) {
                Ordering::Less => "earlier",
                Ordering::Greater => "later",
                Ordering::Equal => "same",
            }
        }
        _ => {
            let recurring = |t: &TaskRef| t.deadline_kind == "recurring";
            let dated = |t: &TaskRef| t.deadline_end.is_some();
            if recurring(base) && recurring(other) {
                if recurrence(base) == recurrence(other) {
                    "same"
                } else {
                    "different"
                }
            } else if recurring(base) && dated(other) || dated(base) && recurring(other) {
                "different"
            } else {
                "unknown"
            }
        }
    }
}

/// How ambitious a target is, for "≥ 60" against "> 60": the strict operator asks more.
fn strictness(op: &str) -> i8 {
    match op {
        ">" | "<" => 1,
        _ => 0,
    }
}

/// "% GDP" in a national plan is "% GRDP" in a province's.
pub fn unit_key(u: &Option<String>) -> (String, bool) {
    let f = crate::text::fold(u.as_deref().unwrap_or_default()).replace(' ', "");
    if f.contains("grdp") {
        (f.replace("grdp", "gdp"), true)
    } else {
        (f, false)
    }
}

/// "same", "raised", "lowered" (prefixed "localized_" when the unit was localized), or
/// "not_comparable"; and a note for the reader.
pub fn compare_targets(b: &Indicator, o: &Indicator) -> (String, String) {
    let (bu, _) = unit_key(&b.unit);
    let (ou, localized_unit) = unit_key(&o.unit);
    if bu != ou && !(bu.is_empty() || ou.is_empty()) {
        return (
            "not_comparable".into(),
            format!(
                "{} ≠ {}",
                b.unit.as_deref().unwrap_or_default(),
                o.unit.as_deref().unwrap_or_default()
            ),
        );
    }
    let (Some(bv), Some(ov)) = (b.target.value, o.target.value) else {
        return ("not_comparable".into(), String::new());
    };
    // For ranks ("≤ 30") a smaller number is the higher ambition.
    let lower_is_better = matches!(b.target.op.as_str(), "<=" | "<");
    let by_value = match ov.total_cmp(&bv) {
        Ordering::Equal => strictness(&o.target.op).cmp(&strictness(&b.target.op)),
        c if lower_is_better => c.reverse(),
        c => c,
    };
    let word = match by_value {
        Ordering::Equal => "same",
        Ordering::Greater => "raised",
        Ordering::Less => "lowered",
    };
    let prefix = if localized_unit { "localized_" } else { "" };
    let unit = |u: &Option<String>| u.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    (
        format!("{prefix}{word}"),
        format!(
            "{}{} → {}{}",
            b.target.raw,
            unit(&b.unit),
            o.target.raw,
            unit(&o.unit)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(deadline: &str) -> TaskRef {
        let d = crate::normalize::deadlines::parse_deadline(deadline);
        TaskRef {
            deadline: d.raw,
            deadline_kind: d.kind,
            deadline_start: d.start,
            deadline_end: d.end,
            ..Default::default()
        }
    }

    #[test]
    fn identical_recurring_deadlines_are_the_same() {
        let same = |a: &str, b: &str| deadline_change(&task(a), &task(b));
        assert_eq!(same("Thường xuyên", "Thường xuyên"), "same");
        assert_eq!(same("Nhiệm vụ thường xuyên", "Thường xuyên"), "same");
        assert_eq!(same("Hằng năm", "Hàng năm"), "same");
        assert_eq!(
            same("2025 và những năm tiếp theo", "2025 và những năm tiếp theo"),
            "same"
        );
        assert_eq!(same("Thường xuyên", "Hằng năm"), "different");
        assert_eq!(same("Thường xuyên", "12/2025"), "different");
        assert_eq!(same("6/2025", "03/2025"), "earlier");
        assert_eq!(same("2025", "12/2025"), "same");
        assert_eq!(same("6/2025", ""), "not_stated");
        assert_eq!(
            same(
                "6/2025",
                "Sau khi Quyết định của Thủ tướng Chính phủ ban hành"
            ),
            "conditional"
        );
    }

    fn indicator(target: &str, unit: &str) -> Indicator {
        Indicator {
            id: String::new(),
            group: None,
            horizon: None,
            name: String::new(),
            unit: Some(unit.to_string()),
            target: crate::normalize::targets::parse_target(target),
            owner: Default::default(),
            origin: "table".into(),
            span: crate::model::Span::lines(1, 1, 1),
        }
    }

    #[test]
    fn a_strict_target_is_not_the_same() {
        let cmp = |b: &str, o: &str| compare_targets(&indicator(b, "%"), &indicator(o, "%")).0;
        assert_eq!(cmp("≥ 60", "≥ 60"), "same");
        assert_eq!(cmp("≥ 60", "> 60"), "raised");
        assert_eq!(cmp("> 60", "≥ 60"), "lowered");
        assert_eq!(cmp("≥ 60", "≥ 70"), "raised");
        // Ranks: lower is higher.
        assert_eq!(cmp("≤ 30", "≤ 20"), "raised");
        let gdp = compare_targets(&indicator("≥ 30", "% GDP"), &indicator("≥ 20", "% GRDP"));
        assert_eq!(gdp.0, "localized_lowered");
    }
}
