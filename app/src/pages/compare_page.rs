//! The `/compare` page (server-rendered only): two plans side by side — the choice for the
//! stated targets, the headline figures, the target checks, both architecture diagrams, what
//! changed and the cost lines that differ. The numbers come from `planner::side_by_side`;
//! this module only lays them out. Without both plans it is a form asking for them.

use leptos::prelude::*;
use planner::display::usd_difference;
use planner::side_by_side::{LineChange, Side};
use planner::{Decimal, SideBySide};

use super::planner_page::draft;
use crate::erase::EraseView;
use crate::format;

/// The page's Content-Security-Policy: the share page's (our own files, no inline script).
pub const CONTENT_SECURITY_POLICY: &str = super::shared_plan_page::CONTENT_SECURITY_POLICY;

fn optional_usd(value: Option<Decimal>) -> String {
    value.map_or_else(|| "unpriced".to_owned(), format::usd)
}

/// Where a side can be opened: its share page when saved, always the planner.
fn side_links(side: &Side) -> AnyView {
    let planner = format!("/{}", draft::query_for(&side.plan));
    let saved = side.label.split_once('@').map(|(id, revision)| {
        view! {
            " · "
            <a href=format!("/p/{id}?revision={revision}") rel="external">{format!("saved plan {id}, revision {revision}")}</a>
        }
    });
    view! {
        <a href=planner rel="external">"open in the planner"</a>
        {saved}
    }
    .erase()
}

/// The comparison page.
pub fn render(compared: &SideBySide) -> String {
    Owner::new_root(None).with(|| {
        let title = format!("{} vs {}", compared.a.plan.name, compared.b.plan.name);
        let content = view! { <Comparison compared=compared.clone() /> }.erase();
        super::static_page::render(&title, &[], content)
    })
}

/// The form asking for two plans, with the values given so far and the problem, if any.
pub fn render_form(a: &str, b: &str, problem: Option<&str>) -> String {
    Owner::new_root(None).with(|| {
        let problem = problem.map(|message| {
            view! { <p class="error-banner" role="alert" data-testid="compare-problem">{message.to_owned()}</p> }
        });
        let content = view! {
            <section class="intro">
                <h1>"Compare two plans"</h1>
                {problem}
                <CompareForm a=a.to_owned() b=b.to_owned() />
            </section>
        }
        .erase();
        super::static_page::render("Compare two plans", &[], content)
    })
}

#[component]
fn CompareForm(a: String, b: String) -> impl IntoView {
    view! {
        <form method="get" action="/compare" class="compare-form" data-testid="compare-form">
            <p>"Name each plan by its saved id (" <code>"ID"</code> ", or " <code>"ID@3"</code> " for revision 3), its share page's address, or a planner address."</p>
            <label>"Plan A " <input type="text" name="a" value=a size="50" required /></label>
            <label>"Plan B " <input type="text" name="b" value=b size="50" required /></label>
            <button type="submit" class="button">"Compare"</button>
        </form>
    }
}

#[component]
fn Comparison(compared: SideBySide) -> impl IntoView {
    let (a, b) = (&compared.a, &compared.b);
    let choice = match compared.recommendation.pick {
        Some("a") => "Choose A",
        Some(_) => "Choose B",
        None => "Either",
    };
    let targets = match compared.targets_from {
        "a" => "Both are judged against A's targets.",
        "b" => "A states no targets: both are judged against B's.",
        _ => "Neither plan states targets.",
    };
    let duration = |seconds: Option<u32>| format::objective(seconds);
    let figure_rows = vec![
        ("Pattern", a.plan.pattern.profile().title.to_owned(), b.plan.pattern.profile().title.to_owned(), String::new()),
        ("Regions", a.plan.regions().collect::<Vec<_>>().join(", "), b.plan.regions().collect::<Vec<_>>().join(", "), String::new()),
        ("Monthly cost", format::usd(a.total_monthly_usd), format::usd(b.total_monthly_usd), usd_difference(compared.total_difference_usd)),
        ("RTO, typical", duration(a.rto_seconds), duration(b.rto_seconds), String::new()),
        ("RTO, worst case", duration(a.rto_worst_seconds), duration(b.rto_worst_seconds), String::new()),
        ("RPO, typical", duration(a.rpo_seconds), duration(b.rpo_seconds), String::new()),
        ("Availability", format!("{:.4} %", a.availability_percent), format!("{:.4} %", b.availability_percent), String::new()),
    ]
    .into_iter()
    .map(|(label, left, right, difference)| {
        view! { <tr><th scope="row">{label}</th><td>{left}</td><td>{right}</td><td class="num">{difference}</td></tr> }
    })
    .collect_view();
    let verdict = |met: Option<bool>| match met {
        Some(true) => "met",
        Some(false) => "missed",
        None => "undecided (unpriced lines)",
    };
    let target_rows = a
        .targets
        .iter()
        .zip(&b.targets)
        .map(|(left, right)| {
            let label = planner::plan::fields::label(&format!("targets.{}", left.target))
                .unwrap_or(left.target);
            view! {
                <tr>
                    <th scope="row">{format!("{label} {}", left.wanted)}</th>
                    <td>{format!("{}: {}", verdict(left.met), left.estimated)}</td>
                    <td>{format!("{}: {}", verdict(right.met), right.estimated)}</td>
                </tr>
            }
        })
        .collect_view();
    let has_targets = !a.targets.is_empty();
    let changes = compared
        .plan_changes
        .iter()
        .map(|change| view! { <li>{change.summary()}</li> })
        .collect_view();
    let no_changes = compared.plan_changes.is_empty();
    let line_rows = compared
        .cost_lines
        .iter()
        .map(|line| {
            let change = match line.change {
                LineChange::Added => "added",
                LineChange::Removed => "removed",
                LineChange::Changed => "changed",
            };
            view! {
                <tr class=format!("cost-diff--{change}")>
                    <td>{change}</td>
                    <td>{line.region.clone()}</td>
                    <td>{line.service}</td>
                    <td>{line.item.clone()}</td>
                    <td class="num">{if line.change == LineChange::Added { "—".to_owned() } else { optional_usd(line.a_monthly_usd) }}</td>
                    <td class="num">{if line.change == LineChange::Removed { "—".to_owned() } else { optional_usd(line.b_monthly_usd) }}</td>
                    <td class="num">{usd_difference(line.difference_usd)}</td>
                </tr>
            }
        })
        .collect_view();
    let line_count = compared.cost_lines.len();
    let diagram = |side: &Side, id: &'static str| {
        use charts::architecture::{View, Width, architecture};
        let wide = architecture(
            &side.plan,
            &side.estimate,
            View::AsPlanned,
            Width::Wide,
            &format!("{id}-w"),
        );
        let narrow = architecture(
            &side.plan,
            &side.estimate,
            View::AsPlanned,
            Width::Narrow,
            &format!("{id}-n"),
        );
        view! {
            <div class="architecture__svg architecture__svg--wide" inner_html=wide></div>
            <div class="architecture__svg architecture__svg--narrow" inner_html=narrow></div>
        }
    };
    view! {
        <section class="intro">
            <h1>"Compare two plans"</h1>
            <p data-testid="compare-side-a"><strong>"A: "</strong>{a.plan.name.clone()}" (" {a.label.clone()} ") — " {side_links(a)}</p>
            <p data-testid="compare-side-b"><strong>"B: "</strong>{b.plan.name.clone()}" (" {b.label.clone()} ") — " {side_links(b)}</p>
            <p class="recommendation" data-testid="compare-choice"><strong>{choice}</strong>": " {compared.recommendation.reason.clone()}</p>
            <p>{targets}</p>
        </section>
        <section class="panel" aria-labelledby="compare-figures">
            <h2 id="compare-figures">"Headline figures"</h2>
            <div class="table-scroll">
                <table class="data-table" data-testid="compare-figures">
                    <thead><tr><th scope="col"></th><th scope="col">"A"</th><th scope="col">"B"</th><th scope="col">"B − A"</th></tr></thead>
                    <tbody>{figure_rows}</tbody>
                </table>
            </div>
            {has_targets.then(|| view! {
                <h3>"Targets"</h3>
                <div class="table-scroll">
                    <table class="data-table" data-testid="compare-targets">
                        <thead><tr><th scope="col">"Target"</th><th scope="col">"A"</th><th scope="col">"B"</th></tr></thead>
                        <tbody>{target_rows}</tbody>
                    </table>
                </div>
            })}
        </section>
        <section class="panel" aria-labelledby="compare-diagrams">
            <h2 id="compare-diagrams">"Architecture"</h2>
            <div class="compare-diagrams">
                <figure class="architecture" data-testid="compare-diagram-a">
                    {diagram(a, "cmp-a")}
                    <figcaption>"A: " {a.plan.name.clone()}</figcaption>
                </figure>
                <figure class="architecture" data-testid="compare-diagram-b">
                    {diagram(b, "cmp-b")}
                    <figcaption>"B: " {b.plan.name.clone()}</figcaption>
                </figure>
            </div>
        </section>
        <section class="panel" aria-labelledby="compare-changes">
            <h2 id="compare-changes">"What changes from A to B"</h2>
            {if no_changes {
                view! { <p>"The two plans are the same."</p> }.erase()
            } else {
                view! { <ul data-testid="compare-changes">{changes}</ul> }.erase()
            }}
        </section>
        <section class="panel" aria-labelledby="compare-lines">
            <h2 id="compare-lines">{format!("Cost lines that differ ({line_count}), largest first")}</h2>
            <div class="table-scroll">
                <table class="data-table" data-testid="compare-lines">
                    <thead><tr>
                        <th scope="col">"Change"</th><th scope="col">"Region"</th><th scope="col">"Service"</th><th scope="col">"Item"</th>
                        <th scope="col">"A / month"</th><th scope="col">"B / month"</th><th scope="col">"B − A"</th>
                    </tr></thead>
                    <tbody>{line_rows}</tbody>
                    <tfoot><tr><th scope="row" colspan="6">"Total difference"</th><td class="num">{usd_difference(compared.total_difference_usd)}</td></tr></tfoot>
                </table>
            </div>
        </section>
        <section class="panel">
            <h2>"Compare other plans"</h2>
            <CompareForm a=String::new() b=String::new() />
        </section>
    }
}
