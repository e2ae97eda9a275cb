//! The committed JSON Schemas are the ones the model types generate (`schemars`): a field added
//! to the model changes the generated schema, and this test fails until the committed copy is
//! regenerated (`UPDATE_SCHEMA=1 cargo test --test schema`, then read `git diff schemas/`).

mod common;

fn check(file: &str, generated: serde_json::Value) {
    let path = common::root().join("schemas").join(file);
    let text = vanban::schema::to_text(&generated);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == text,
        "{file} differs from the schema the model generates: run UPDATE_SCHEMA=1 cargo test --test schema and read the diff"
    );
}

#[test]
fn committed_document_schema_is_the_generated_one() {
    check("vanban.schema.json", vanban::schema::document_schema());
}

#[test]
fn committed_diff_schema_is_the_generated_one() {
    check("diff.schema.json", vanban::schema::diff_schema());
}

#[test]
fn the_schema_is_strict_where_the_contract_is() {
    let schema = vanban::schema::document_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc = common::json(&common::convert("seeds/angiang-ubnd-kh181-nq03.txt"));
    assert!(validator.is_valid(&doc));
    // An unknown field, a wrong enum value, a malformed date or checksum: each rejected.
    type Mutation = fn(&mut serde_json::Value);
    let mutations: [(&str, Mutation); 6] = [
        ("extra field", |v| v["document"]["extra"] = 1.into()),
        ("schema version", |v| v["schema_version"] = "2".into()),
        ("task origin", |v| v["tasks"][0]["origin"] = "guess".into()),
        ("date", |v| v["document"]["date"] = "25/02/2025".into()),
        ("sha256", |v| v["source"]["sha256"] = "XYZ".into()),
        ("page 0", |v| v["tasks"][0]["span"]["page"] = 0.into()),
    ];
    for (what, mutate) in mutations {
        let mut bad = doc.clone();
        mutate(&mut bad);
        assert!(!validator.is_valid(&bad), "{what}: accepted");
    }
    // Written before `tables` was added: still valid.
    let mut older = doc.clone();
    older.as_object_mut().unwrap().remove("tables");
    assert!(validator.is_valid(&older));
}
