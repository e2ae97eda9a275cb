//! One self-contained HTML page (no network, no external files): the summary, a legend, the
//! two plans side by side, and filters that work without diacritics. The page is a minijinja
//! template (`diff.html`), which escapes every value it prints.

use super::view::View;
use minijinja::Environment;

const TEMPLATE: &str = include_str!("diff.html");

pub fn render(view: &View) -> String {
    let mut env = Environment::new();
    // The name ends in ".html", so minijinja escapes every printed value for HTML.
    env.add_template("diff.html", TEMPLATE)
        .expect("the diff template parses");
    env.get_template("diff.html")
        .and_then(|t| t.render(minijinja::value::Serde(view)))
        .expect("the diff template renders a View")
}
