//! Indicators: BASE's targets against OTHER's, one-to-one by name, unit and horizon.

use super::similarity::{Corpus, Vector};
use super::verdicts::{compare_targets, unit_key};
use super::{round, IndicatorDiff, IndicatorMatch, IndicatorRef, Summary};
use crate::model::{Document, Indicator};

/// Pairs below this score are not matches.
const THRESHOLD: f64 = 0.35;

fn indicator_ref(i: &Indicator) -> IndicatorRef {
    IndicatorRef {
        id: i.id.clone(),
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: i.target.raw.clone(),
        op: i.target.op.clone(),
        value: i.target.value,
    }
}

/// Name similarity, with a bonus for the same unit (after localization) and horizon.
fn score(text: f64, b: &Indicator, o: &Indicator) -> f64 {
    let unit = if unit_key(&b.unit).0 == unit_key(&o.unit).0 {
        0.15
    } else {
        0.0
    };
    let horizon = if b.horizon == o.horizon && b.horizon.is_some() {
        0.05
    } else {
        0.0
    };
    0.8 * text + unit + horizon
}

pub fn diff_indicators(base: &Document, other: &Document, summary: &mut Summary) -> IndicatorDiff {
    let corpus = Corpus::new(
        base.indicators
            .iter()
            .chain(&other.indicators)
            .map(|i| i.name.as_str()),
    );
    let vectors = |list: &[Indicator]| -> Vec<Vector> {
        list.iter().map(|i| corpus.vector(&i.name)).collect()
    };
    let (bv, ov) = (vectors(&base.indicators), vectors(&other.indicators));
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in other.indicators.iter().enumerate() {
        for (j, b) in base.indicators.iter().enumerate() {
            let s = score(ov[i].cosine(&bv[j]), b, o);
            if s >= THRESHOLD {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut base_taken = vec![false; base.indicators.len()];
    let mut other_taken = vec![false; other.indicators.len()];
    let mut matches = Vec::new();
    for (s, i, j) in pairs {
        if base_taken[j] || other_taken[i] {
            continue;
        }
        base_taken[j] = true;
        other_taken[i] = true;
        let (comparison, note) = compare_targets(&base.indicators[j], &other.indicators[i]);
        if comparison.ends_with("raised") {
            summary.targets_raised += 1;
        } else if comparison.ends_with("lowered") {
            summary.targets_lowered += 1;
        } else if comparison.ends_with("same") {
            summary.targets_same += 1;
        }
        matches.push((
            i,
            IndicatorMatch {
                base: indicator_ref(&base.indicators[j]),
                other: indicator_ref(&other.indicators[i]),
                score: round(s),
                comparison,
                note,
            },
        ));
    }
    // In OTHER's order.
    matches.sort_by_key(|(i, _)| *i);
    summary.indicators_matched = matches.len();
    let left = |list: &[Indicator], taken: &[bool]| {
        list.iter()
            .zip(taken)
            .filter(|(_, &t)| !t)
            .map(|(i, _)| indicator_ref(i))
            .collect()
    };
    IndicatorDiff {
        matches: matches.into_iter().map(|(_, m)| m).collect(),
        not_taken_up: left(&base.indicators, &base_taken),
        local_additions: left(&other.indicators, &other_taken),
    }
}
