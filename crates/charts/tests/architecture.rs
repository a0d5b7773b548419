//! The architecture diagram: a golden SVG per example plan (as planned and after losing the
//! primary), and the layout's promises over every pattern and region count the catalog
//! allows, at both widths — no text overlaps other text or leaves its box, no box overlaps
//! another, no link runs through a region's box, everything lies inside the picture.

use std::path::Path;

use charts::architecture::layout::{Layout, Rect, Tone};
use charts::architecture::{View, Width, architecture, layout, scene};
use planner::catalog::REGIONS;
use planner::{DeploymentPattern, Plan, PriceBook};

const SNAPSHOT: &str = include_str!("../../../server/pricing/snapshot.json");

fn book() -> PriceBook {
    PriceBook::from_json(SNAPSHOT).expect("the bundled snapshot is valid")
}

fn example(name: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../examples/{name}.json"));
    Plan::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const EXAMPLES: [&str; 6] = [
    "single-region",
    "backup-restore",
    "pilot-light",
    "warm-standby",
    "hot-standby",
    "active-active",
];

#[test]
fn each_example_plan_draws_its_golden_diagram() {
    let prices = book();
    for name in EXAMPLES {
        let plan = example(name);
        let estimate = planner::estimate(&plan, &prices);
        for (view, suffix) in [
            (View::AsPlanned, "planned"),
            (View::AfterPrimaryLoss, "failover"),
        ] {
            let svg = architecture(&plan, &estimate, view, Width::Wide, "arch");
            insta::assert_snapshot!(format!("{name}-{suffix}"), svg);
        }
        let text = scene(&plan, &estimate, View::AsPlanned)
            .as_text()
            .join("\n");
        insta::assert_snapshot!(format!("{name}-text"), text);
    }
}

/// A plan of `pattern` over `count` regions with the longest codes first, so the widest
/// headings are drawn; DynamoDB every other count, so both kinds of database card appear.
fn plan(pattern: DeploymentPattern, count: usize) -> Plan {
    let mut codes: Vec<&str> = REGIONS.iter().map(|region| region.code).collect();
    codes.sort_by_key(|code| std::cmp::Reverse(code.len()));
    let engine = if count.is_multiple_of(2) {
        "dynamodb"
    } else {
        "aurora_postgresql"
    };
    let json = serde_json::json!({
        "name": "A plan with a long name & <markup>",
        "pattern": pattern.slug(),
        "primary_region": codes[0],
        "secondary_regions": &codes[1..count],
        "database": {"engine": engine, "instance_class": "db.r6g.2xlarge", "readers_per_region": 2},
        "app": {"tasks": 120},
        "failover": "automated",
    });
    Plan::from_json(&json.to_string()).unwrap_or_else(|err| panic!("{pattern:?} × {count}: {err}"))
}

fn problems(layout: &Layout) -> Vec<String> {
    let mut found = Vec::new();
    let picture = Rect {
        x: 0.0,
        y: 0.0,
        width: layout.width,
        height: layout.height,
    };
    for (index, frame) in layout.frames.iter().enumerate() {
        if !picture.contains(&frame.rect) {
            found.push(format!("frame {index} leaves the picture"));
        }
        for (other, second) in layout.frames.iter().enumerate().skip(index + 1) {
            if frame.rect.overlaps(&second.rect) {
                found.push(format!("frames {index} and {other} overlap"));
            }
        }
    }
    for (index, label) in layout.labels.iter().enumerate() {
        let rect = label.rect();
        if !layout.frames[label.frame].rect.contains(&rect) {
            found.push(format!("{:?} leaves its frame", label.text));
        }
        for second in &layout.labels[index + 1..] {
            if rect.overlaps(&second.rect()) {
                found.push(format!("{:?} overlaps {:?}", label.text, second.text));
            }
        }
    }
    for link in &layout.links {
        for segment in link.points.windows(2) {
            let (a, b) = (segment[0], segment[1]);
            // A segment's box, shrunk by a hair so a link that ends on a box's edge is fine.
            let span = Rect {
                x: a.0.min(b.0) + 0.5,
                y: a.1.min(b.1) + 0.5,
                width: (a.0 - b.0).abs() - 1.0,
                height: (a.1 - b.1).abs() - 1.0,
            };
            let span = Rect {
                width: span.width.max(0.01),
                height: span.height.max(0.01),
                ..span
            };
            for frame in &layout.frames {
                if matches!(frame.tone, Tone::Region(_)) && frame.rect.overlaps(&span) {
                    found.push(format!("a {:?} link crosses a region's box", link.stroke));
                }
            }
        }
    }
    found
}

#[test]
fn no_text_overlaps_at_any_pattern_region_count_or_width() {
    let prices = book();
    let most = 1 + planner::catalog::MAX_SECONDARY_REGIONS;
    let mut checked = 0;
    for pattern in DeploymentPattern::ALL {
        let counts = if pattern == DeploymentPattern::SingleRegion {
            1..=1
        } else {
            2..=most
        };
        for count in counts {
            let plan = plan(pattern, count);
            let estimate = planner::estimate(&plan, &prices);
            for view in [View::AsPlanned, View::AfterPrimaryLoss] {
                let scene = scene(&plan, &estimate, view);
                for width in [Width::Wide, Width::Narrow] {
                    let placed = layout(&scene, width);
                    let found = problems(&placed);
                    assert!(
                        found.is_empty(),
                        "{pattern:?} × {count} regions, {view:?}, {width:?}: {found:#?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * (1 + 5 * (most - 1)));
}

#[test]
fn the_checks_catch_a_line_too_long_for_its_box() {
    let prices = book();
    let plan = plan(DeploymentPattern::WarmStandby, 3);
    let estimate = planner::estimate(&plan, &prices);
    let mut placed = layout(&scene(&plan, &estimate, View::AsPlanned), Width::Wide);
    placed.labels[3].text.push_str(" and a tail nobody wrapped");
    assert!(
        problems(&placed)
            .iter()
            .any(|problem| problem.contains("leaves its frame")),
        "the planted overflow went unnoticed"
    );
}

#[test]
fn every_link_cost_adds_up_to_the_replication_bill() {
    let prices = book();
    for name in EXAMPLES {
        let plan = example(name);
        let estimate = planner::estimate(&plan, &prices);
        let deployment = planner::deployment(&plan);
        let mut drawn = planner::Decimal::ZERO;
        for from in &deployment {
            for to in &deployment {
                if from.region != to.region {
                    drawn += charts::architecture::content::transfer_cost(
                        &estimate,
                        &from.region,
                        &to.region,
                    );
                }
            }
        }
        let billed: planner::Decimal = estimate
            .cost
            .lines
            .iter()
            .filter(|line| line.service == "Data transfer" && !line.item.starts_with("internet"))
            .filter(|line| {
                deployment
                    .iter()
                    .any(|region| line.item.contains(&region.region))
            })
            .filter_map(|line| line.monthly_usd)
            .sum();
        assert_eq!(drawn, billed, "{name}");
    }
}
