//! The minimum Rust version stated in Cargo.toml (`rust-version`, and README's "1.89 or
//! newer") is the real one: the highest `rust-version` among the locked dependencies this
//! platform builds (no toolchain of that version is needed to check it, and none is available
//! offline). Our own code's use of newer std APIs is checked by clippy's `incompatible_msrv`,
//! which reads the same field.

use std::process::Command;

fn version(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn stated_minimum_rust_version_is_the_locked_dependencies_highest() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let host = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc names its host");
    let o = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Only packages in the resolved graph for this platform (the others are never built).
    let resolved: std::collections::HashSet<&str> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let (highest, by) = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| resolved.contains(p["id"].as_str().unwrap()) && p["name"] != "vanban")
        .filter_map(|p| Some((p["rust_version"].as_str()?, p["name"].as_str()?)))
        .max_by_key(|(v, _)| version(v))
        .expect("dependencies state their rust-version");
    let stated = env!("CARGO_PKG_RUST_VERSION");
    assert_eq!(
        version(stated)[..2],
        version(highest)[..2],
        "Cargo.toml states rust-version {stated}, but {by} needs {highest}: update rust-version \
         and README (or pin {by} lower)"
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {stated} or newer")),
        "README states another minimum Rust version than {stated}"
    );
}
