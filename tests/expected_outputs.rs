//! Every real document in fixtures/ converts to the JSON kept in fixtures/expected/, which a
//! person read and checked. `UPDATE_EXPECTED=1` rewrites them; review the diff before committing.

mod common;

fn expected_name(rel: &str) -> String {
    rel.replace('/', "__").trim_end_matches(".txt").to_string() + ".json"
}

#[test]
fn outputs_match_the_reviewed_fixtures() {
    let mut docs = common::fixture_files("seeds");
    docs.extend(common::fixture_files("reference"));
    docs.extend(common::fixture_files("own"));
    assert!(docs.len() >= 7, "fixtures missing: {docs:?}");
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut mismatched = Vec::new();
    for rel in &docs {
        let doc = common::convert(rel);
        let json = vanban::to_json(&doc);
        let path = common::root()
            .join("fixtures/expected")
            .join(expected_name(rel));
        if update {
            std::fs::write(&path, &json).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == json => {}
            Ok(_) => mismatched.push(format!("{rel}: output differs from {}", path.display())),
            Err(_) => mismatched.push(format!("{rel}: no expected output {}", path.display())),
        }
    }
    assert!(mismatched.is_empty(), "{}", mismatched.join("\n"));
}

#[test]
fn every_output_conforms_to_the_schema() {
    let mut docs = common::fixture_files("seeds");
    docs.extend(common::fixture_files("reference"));
    docs.extend(common::fixture_files("own"));
    for rel in &docs {
        common::assert_valid(rel, &common::json(&common::convert(rel)));
    }
}

#[test]
fn the_schema_rejects_what_breaks_the_contract() {
    let mut v = common::json(&common::convert("seeds/haugiang-ubnd-kh-nq03.txt"));
    v["document"]["date"] = serde_json::json!("25/02/2025");
    let errors = std::panic::catch_unwind(|| common::assert_valid("bad date", &v));
    assert!(errors.is_err(), "a non-ISO date must be rejected");
    let mut v = common::json(&common::convert("seeds/haugiang-ubnd-kh-nq03.txt"));
    v["sections"][0]["kind"] = serde_json::json!("chapter_x");
    assert!(std::panic::catch_unwind(|| common::assert_valid("bad kind", &v)).is_err());
}
