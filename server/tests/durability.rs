//! The real `regionwise` binary as separate processes over one database: a server killed in
//! the middle of a stream of edits loses nothing it acknowledged, and two servers on one
//! PostgreSQL behave as one (a plan saved through one is read and edited through the other,
//! and of concurrent edits from one revision split across both, exactly one wins).
//!
//! PostgreSQL comes from `REGIONWISE_TEST_POSTGRES_URL` (default: the local server, trust
//! auth); each test creates its own database and drops it.

mod support;

use std::time::Duration;

use support::{Answer, Server, TestPostgres, request};

const PLAN: &str = r#"{"name":"Edit 0","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"}}"#;

async fn save(addr: &str) -> (String, String) {
    let answer = request(
        addr,
        "POST",
        "/api/v1/plans",
        &[("Content-Type", "application/json")],
        PLAN,
    )
    .await
    .expect("the server answers");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let body = answer.json();
    (
        body["id"].as_str().unwrap().to_owned(),
        body["edit_token"].as_str().unwrap().to_owned(),
    )
}

async fn edit(addr: &str, id: &str, token: &str, revision: i64, name: &str) -> Option<Answer> {
    let plan = PLAN.replace("Edit 0", name);
    let bearer = format!("Bearer {token}");
    let if_match = format!("\"{revision}\"");
    request(
        addr,
        "PUT",
        &format!("/api/v1/plans/{id}"),
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
            ("If-Match", &if_match),
        ],
        &plan,
    )
    .await
}

/// Edits the plan in a loop from two writers until the server dies; returns every
/// acknowledged `(revision, name)`.
async fn edit_until_killed(addr: String, id: String, token: String) -> Vec<(i64, String)> {
    let mut acknowledged = Vec::new();
    let mut revision = 1;
    for step in 1.. {
        let name = format!("Edit {step}");
        match edit(&addr, &id, &token, revision, &name).await {
            Some(answer) if answer.status == 200 => {
                revision = answer.json()["revision"].as_i64().unwrap();
                acknowledged.push((revision, name));
            }
            Some(answer) if answer.status == 412 => {
                revision = answer.json()["error"]["current_revision"].as_i64().unwrap();
            }
            Some(answer) => panic!("unexpected {}: {}", answer.status, answer.body),
            None => break,
        }
    }
    acknowledged
}

async fn nothing_acknowledged_is_lost_when_the_server_is_killed(database_url: Option<&str>) {
    let data_dir = tempfile::tempdir().unwrap();
    let server = Server::start(database_url, data_dir.path()).await;
    let (id, token) = save(&server.addr).await;
    let writers: Vec<_> = (0..2)
        .map(|_| {
            tokio::spawn(edit_until_killed(
                server.addr.clone(),
                id.clone(),
                token.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().await;
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    assert!(
        acknowledged.len() >= 5,
        "too few edits before the kill: {}",
        acknowledged.len()
    );

    let server = Server::start(database_url, data_dir.path()).await;
    // The history comes a page at a time: follow `older` to the first revision.
    let mut revisions: Vec<serde_json::Value> = Vec::new();
    let mut next = Some(format!("/api/v1/plans/{id}/revisions?limit=100"));
    let mut current = 0;
    while let Some(path) = next.take() {
        let answer = request(&server.addr, "GET", &path, &[], "").await.unwrap();
        assert_eq!(answer.status, 200, "{}", answer.body);
        let list = answer.json();
        current = list["current_revision"].as_i64().unwrap();
        let mut page = list["revisions"].as_array().unwrap().clone();
        page.extend(revisions);
        revisions = page;
        next = list["older"].as_str().map(str::to_owned);
    }
    let numbers: Vec<i64> = revisions
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=current).collect::<Vec<_>>(),
        "revisions are contiguous"
    );
    for (revision, name) in &acknowledged {
        assert!(
            *revision <= current,
            "acknowledged revision {revision} lost (current {current})"
        );
        let answer = request(
            &server.addr,
            "GET",
            &format!("/api/v1/plans/{id}/revisions/{revision}"),
            &[],
            "",
        )
        .await
        .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.json()["plan"]["name"],
            name.as_str(),
            "revision {revision}"
        );
    }
    // The plan still takes edits after the restart.
    let answer = edit(&server.addr, &id, &token, current, "After restart")
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_loses_nothing_acknowledged_when_the_server_is_killed() {
    nothing_acknowledged_is_lost_when_the_server_is_killed(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_loses_nothing_acknowledged_when_the_server_is_killed() {
    let database = TestPostgres::create("restart").await;
    nothing_acknowledged_is_lost_when_the_server_is_killed(Some(&database.url)).await;
    database.drop_now().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_behave_as_one() {
    let database = TestPostgres::create("scaleout").await;
    let data_dir = tempfile::tempdir().unwrap();
    let first = Server::start(Some(&database.url), data_dir.path()).await;
    let second = Server::start(Some(&database.url), data_dir.path()).await;

    let (id, token) = save(&first.addr).await;
    // Each server renders (and keeps) revision 1 before the other replaces it.
    for server in [&first, &second] {
        let page = request(&server.addr, "GET", &format!("/p/{id}"), &[], "")
            .await
            .unwrap();
        assert_eq!(page.status, 200);
        let read = request(&server.addr, "GET", &format!("/api/v1/plans/{id}"), &[], "")
            .await
            .unwrap();
        assert_eq!(read.json()["revision"], 1);
    }
    let read = request(&second.addr, "GET", &format!("/api/v1/plans/{id}"), &[], "")
        .await
        .unwrap();
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["plan"]["name"], "Edit 0");
    let edited = edit(&second.addr, &id, &token, 1, "Edited through the second")
        .await
        .unwrap();
    assert_eq!(edited.status, 200, "{}", edited.body);
    let read = request(&first.addr, "GET", &format!("/api/v1/plans/{id}"), &[], "")
        .await
        .unwrap();
    assert_eq!(read.json()["revision"], 2);
    assert_eq!(read.json()["plan"]["name"], "Edited through the second");
    let page = request(&first.addr, "GET", &format!("/p/{id}"), &[], "")
        .await
        .unwrap();
    assert!(
        page.body.contains("Revision 2 (current)"),
        "the first server's page follows"
    );

    // 50 writers from revision 2, alternating between the servers: exactly one wins.
    let racers: Vec<_> = (0..50)
        .map(|writer| {
            let addr = if writer % 2 == 0 {
                first.addr.clone()
            } else {
                second.addr.clone()
            };
            let (id, token) = (id.clone(), token.clone());
            tokio::spawn(async move {
                let answer = edit(&addr, &id, &token, 2, &format!("Racer {writer}"))
                    .await
                    .unwrap();
                (writer, answer.status)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for racer in racers {
        outcomes.push(racer.await.unwrap());
    }
    let winners: Vec<_> = outcomes
        .iter()
        .filter(|(_, status)| *status == 200)
        .collect();
    let stale = outcomes.iter().filter(|(_, status)| *status == 412).count();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert_eq!(stale, 49, "{outcomes:?}");
    let list = request(
        &second.addr,
        "GET",
        &format!("/api/v1/plans/{id}/revisions"),
        &[],
        "",
    )
    .await
    .unwrap()
    .json();
    assert_eq!(list["current_revision"], 3);
    let third = request(
        &first.addr,
        "GET",
        &format!("/api/v1/plans/{id}/revisions/3"),
        &[],
        "",
    )
    .await
    .unwrap()
    .json();
    assert_eq!(third["plan"]["name"], format!("Racer {}", winners[0].0));

    first.kill().await;
    second.kill().await;
    database.drop_now().await;
}
