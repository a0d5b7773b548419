//! Where everything of the architecture diagram goes: frames (boxes), labels (one line of
//! text each, with the box it is measured to occupy) and links (polylines), in SVG user
//! units. Text is measured here, never by the browser, with advances no narrower than
//! DejaVu Sans (the widest common sans-serif), and wrapped to its frame, so the layout alone
//! can prove that no text overlaps another or leaves its frame.
//!
//! Regions sit in a grid, primary first. Left of each column runs a gutter with two lanes:
//! traffic comes down the outer lane from the entry point into each region's load balancer
//! line, replication down the inner lane into its database line, so no link crosses a box.

use super::content::{CardState, LineKind, LinkKind, Scene, Traffic};

/// The diagram's width class: the page shows the wide one on a desktop, the narrow one on a
/// phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Up to three regions side by side: about 930 units, full size on a desktop.
    Wide,
    /// One region per row, about 330 units wide: legible on a 375 px screen at full size.
    Narrow,
}

impl Width {
    fn columns(self, regions: usize) -> usize {
        match self {
            Width::Wide => regions.clamp(1, 3),
            Width::Narrow => 1,
        }
    }
}

pub const MARGIN: f32 = 12.0;
const GUTTER: f32 = 30.0;
const TRAFFIC_LANE: f32 = 9.0;
const DATA_LANE: f32 = 20.0;
const CARD_WIDTH: f32 = 270.0;
const PADDING: f32 = 8.0;
pub const FONT_SIZE: f32 = 12.0;
const HEADING_SIZE: f32 = 13.0;
const LINE_GAP: f32 = 4.0;
const ROW_GAP: f32 = 18.0;

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// How a frame is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Users,
    Entry,
    Region(CardState),
    Recovery,
    Legend,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub rect: Rect,
    pub tone: Tone,
}

/// One line of text: `x` is its start, `baseline` its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub bold: bool,
    pub muted: bool,
    pub text: String,
    /// The frame it belongs to (an index into [`Layout::frames`]).
    pub frame: usize,
}

impl Label {
    /// The box the text occupies: its measured width, from ascender to descender.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.baseline - self.size * 0.95,
            width: text_width(&self.text, self.size, self.bold),
            height: self.size * 1.2,
        }
    }
}

/// What a link is: how it is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Traffic,
    TrafficOnFailover,
    Data(LinkKind),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub points: Vec<(f32, f32)>,
    pub stroke: Stroke,
}

/// The whole diagram, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    pub frames: Vec<Frame>,
    pub labels: Vec<Label>,
    pub links: Vec<Link>,
}

/// The advance of `character` in ems, at least DejaVu Sans's (bold adds 10 %).
fn advance(character: char) -> f32 {
    match character {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.34,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.45,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' => 1.0,
        'A'..='Z' => 0.78,
        '0'..='9' | 'a'..='z' | '$' | '_' | '+' | '=' | '~' | '#' | '&' | '*' | '?' => 0.66,
        _ => 0.9,
    }
}

/// The width `text` takes at `size`.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let ems: f32 = text.chars().map(advance).sum();
    ems * size * if bold { 1.1 } else { 1.0 }
}

/// Breaks `text` into lines no wider than `width`: at spaces, or inside a word too long to
/// fit a line of its own.
pub fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let fits = |candidate: &str| text_width(candidate, size, bold) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for character in word.chars() {
            current.push(character);
            if !fits(&current) {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(character);
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Places a card's lines inside a frame of `width` at (`x`, `y`); returns the labels, the
/// frame's height and the middle of the first balancer and database lines.
struct PlacedCard {
    labels: Vec<Label>,
    height: f32,
    balancer: Option<f32>,
    database: Option<f32>,
}

fn place_card(lines: &[(LineKind, &str)], x: f32, y: f32, width: f32, frame: usize) -> PlacedCard {
    let mut labels = Vec::new();
    let mut cursor = y + PADDING;
    let (mut balancer, mut database) = (None, None);
    for (kind, text) in lines {
        let bold = matches!(kind, LineKind::Heading | LineKind::Cost);
        let size = if *kind == LineKind::Heading {
            HEADING_SIZE
        } else {
            FONT_SIZE
        };
        for (index, part) in wrap(text, width - 2.0 * PADDING, size, bold)
            .into_iter()
            .enumerate()
        {
            let top = cursor;
            cursor += size * 1.2;
            if index == 0 {
                let middle = top + size * 0.6;
                match kind {
                    LineKind::Balancer => balancer = balancer.or(Some(middle)),
                    LineKind::Database => database = database.or(Some(middle)),
                    _ => {}
                }
            }
            labels.push(Label {
                x: x + PADDING,
                baseline: top + size * 0.95,
                size,
                bold,
                muted: *kind == LineKind::Name,
                text: part,
                frame,
            });
            cursor += LINE_GAP;
        }
    }
    PlacedCard {
        labels,
        height: cursor - LINE_GAP + PADDING - y,
        balancer,
        database,
    }
}

/// Places `scene` at `width`.
pub fn layout(scene: &Scene, width: Width) -> Layout {
    let columns = width.columns(scene.regions.len());
    let inner_width = columns as f32 * (GUTTER + CARD_WIDTH);
    let total_width = inner_width + 2.0 * MARGIN;
    let mut frames: Vec<Frame> = Vec::new();
    let mut labels: Vec<Label> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let center = MARGIN + GUTTER + (inner_width - GUTTER) / 2.0;

    // Users, then the entry point below them.
    let users_text = [(LineKind::Cost, "Users")];
    let users_width = (text_width("Users", FONT_SIZE, true) + 2.0 * PADDING).ceil();
    let users = place_card(
        &users_text,
        center - users_width / 2.0,
        MARGIN,
        users_width,
        0,
    );
    frames.push(Frame {
        rect: Rect {
            x: center - users_width / 2.0,
            y: MARGIN,
            width: users_width,
            height: users.height,
        },
        tone: Tone::Users,
    });
    labels.extend(users.labels);
    let entry_top = MARGIN + users.height + 20.0;
    links.push(Link {
        points: vec![(center, MARGIN + users.height), (center, entry_top)],
        stroke: Stroke::Traffic,
    });
    let entry_width = CARD_WIDTH.max((inner_width - GUTTER).min(CARD_WIDTH * 1.4));
    let entry_x = center - entry_width / 2.0;
    let entry_lines: Vec<(LineKind, &str)> = scene
        .entry
        .iter()
        .map(|line| (line.kind, line.text.as_str()))
        .collect();
    let entry = place_card(&entry_lines, entry_x, entry_top, entry_width, 1);
    frames.push(Frame {
        rect: Rect {
            x: entry_x,
            y: entry_top,
            width: entry_width,
            height: entry.height,
        },
        tone: Tone::Entry,
    });
    labels.extend(entry.labels);
    let entry_bottom = entry_top + entry.height;
    let traffic_bus = entry_bottom + 14.0;
    let data_bus = traffic_bus + 10.0;
    let grid_top = data_bus + 14.0;

    // The region cards, row by row; a row is as tall as its tallest card.
    let mut anchors: Vec<(f32, Option<f32>, Option<f32>)> = Vec::new();
    let mut row_top = grid_top;
    for row in scene.regions.chunks(columns) {
        let first_frame = frames.len();
        let mut row_height: f32 = 0.0;
        for (column, card) in row.iter().enumerate() {
            let x = MARGIN + column as f32 * (GUTTER + CARD_WIDTH) + GUTTER;
            let lines: Vec<(LineKind, &str)> = card
                .lines
                .iter()
                .map(|line| (line.kind, line.text.as_str()))
                .collect();
            let placed = place_card(&lines, x, row_top, CARD_WIDTH, frames.len());
            row_height = row_height.max(placed.height);
            frames.push(Frame {
                rect: Rect {
                    x,
                    y: row_top,
                    width: CARD_WIDTH,
                    height: placed.height,
                },
                tone: Tone::Region(card.state),
            });
            labels.extend(placed.labels);
            anchors.push((x, placed.balancer, placed.database));
        }
        for frame in &mut frames[first_frame..] {
            frame.rect.height = row_height;
        }
        row_top += row_height + ROW_GAP;
    }
    let grid_bottom = row_top - ROW_GAP;
    let card_anchor = |index: usize| {
        let (x, balancer, database) = anchors[index];
        let column_x = x - GUTTER;
        let top = frames[2 + index].rect.y;
        (
            column_x,
            x,
            balancer.unwrap_or(top + HEADING_SIZE),
            database.unwrap_or(top + HEADING_SIZE),
        )
    };

    // Traffic: solid into every region serving users, dashed into those that wait.
    let mut traffic: Vec<(usize, Traffic)> = scene
        .regions
        .iter()
        .enumerate()
        .filter(|(_, card)| card.traffic != Traffic::None)
        .map(|(index, card)| (index, card.traffic))
        .collect();
    // Dashed first, so a solid line drawn over a shared trunk stays solid.
    traffic.sort_by_key(|(_, kind)| *kind == Traffic::Serving);
    for (index, kind) in traffic {
        let (column_x, card_x, balancer, _) = card_anchor(index);
        let lane = column_x + TRAFFIC_LANE;
        links.push(Link {
            points: vec![
                (center, entry_bottom),
                (center, traffic_bus),
                (lane, traffic_bus),
                (lane, balancer),
                (card_x, balancer),
            ],
            stroke: if kind == Traffic::Serving {
                Stroke::Traffic
            } else {
                Stroke::TrafficOnFailover
            },
        });
    }

    // Data: out of the source's database line, along the data bus, into each destination's.
    for link in &scene.links {
        let (from_column, from_x, _, from_y) = card_anchor(link.from);
        let (to_column, to_x, _, to_y) = card_anchor(link.to);
        let from_lane = from_column + DATA_LANE;
        let to_lane = to_column + DATA_LANE;
        let points = if from_column == to_column {
            vec![
                (from_x, from_y),
                (from_lane, from_y),
                (to_lane, to_y),
                (to_x, to_y),
            ]
        } else {
            vec![
                (from_x, from_y),
                (from_lane, from_y),
                (from_lane, data_bus),
                (to_lane, data_bus),
                (to_lane, to_y),
                (to_x, to_y),
            ]
        };
        links.push(Link {
            points,
            stroke: Stroke::Data(link.kind),
        });
    }

    // After an outage: the recovery, step by step, under the grid.
    let mut cursor = grid_bottom + ROW_GAP;
    if !scene.recovery.is_empty() {
        let lines: Vec<(LineKind, &str)> = scene
            .recovery
            .iter()
            .map(|line| (line.kind, line.text.as_str()))
            .collect();
        let x = MARGIN + GUTTER;
        let width = inner_width - GUTTER;
        let placed = place_card(&lines, x, cursor, width, frames.len());
        frames.push(Frame {
            rect: Rect {
                x,
                y: cursor,
                width,
                height: placed.height,
            },
            tone: Tone::Recovery,
        });
        labels.extend(placed.labels);
        cursor += placed.height + ROW_GAP;
    }

    // The legend: a sample of each stroke the diagram uses, then its name.
    // Every stroke once, in the order the links first use it (the users' arrow aside).
    let mut seen: Vec<Stroke> = Vec::new();
    for link in links.iter().skip(1) {
        if !seen.contains(&link.stroke) {
            seen.push(link.stroke);
        }
    }
    if !seen.is_empty() {
        let legend_x = MARGIN + GUTTER;
        let legend_width = inner_width - GUTTER;
        let frame = frames.len();
        let line_height = FONT_SIZE * 1.2 + LINE_GAP;
        let (mut x, mut y) = (legend_x + PADDING, cursor + PADDING);
        for stroke in seen {
            let name = legend_name(stroke);
            let item_width = 28.0 + text_width(name, FONT_SIZE, false);
            if x + item_width > legend_x + legend_width - PADDING && x > legend_x + PADDING {
                x = legend_x + PADDING;
                y += line_height;
            }
            let middle = y + FONT_SIZE * 0.6;
            links.push(Link {
                points: vec![(x, middle), (x + 22.0, middle)],
                stroke,
            });
            labels.push(Label {
                x: x + 28.0,
                baseline: y + FONT_SIZE * 0.95,
                size: FONT_SIZE,
                bold: false,
                muted: false,
                text: name.to_owned(),
                frame,
            });
            x += item_width + 18.0;
        }
        let height = y + FONT_SIZE * 1.2 + PADDING - cursor;
        frames.push(Frame {
            rect: Rect {
                x: legend_x,
                y: cursor,
                width: legend_width,
                height,
            },
            tone: Tone::Legend,
        });
        cursor += height;
    }
    Layout {
        width: total_width,
        height: cursor + MARGIN,
        frames,
        labels,
        links,
    }
}

fn legend_name(stroke: Stroke) -> &'static str {
    match stroke {
        Stroke::Traffic => "users' traffic",
        Stroke::TrafficOnFailover => "traffic after a failover",
        Stroke::Data(LinkKind::Replication) => "replication",
        Stroke::Data(LinkKind::BothWays) => "replication both ways",
        Stroke::Data(LinkKind::BackupCopy) => "backup copies",
    }
}
