//! The storage layer on both backends: migrations and plan rows.

use regionwise_tests::on_each_backend;
use server::db::plans::{NewPlan, RevisionContent, UpdateOutcome};

fn content(json: &str, saved_at_ms: i64) -> RevisionContent {
    RevisionContent {
        plan_json: json.to_owned(),
        price_book_version: "snapshot-test".to_owned(),
        price_book_as_of: "2026-11-25".to_owned(),
        estimate_json: "{}".to_owned(),
        total_monthly_usd: "1234.50".to_owned(),
        rto_seconds: Some(900),
        saved_at_ms,
    }
}

fn new_plan(id: &str, json: &str) -> NewPlan {
    NewPlan {
        id: id.to_owned(),
        edit_token_hash: vec![7; 32],
        content: content(json, 1_764_000_000_000),
        forked_from: None,
    }
}

#[tokio::test]
async fn migrations_are_idempotent() {
    on_each_backend(|backend, database| async move {
        let status = database.migration_status().await.unwrap();
        assert!(status.is_current(), "{backend:?}: {status:?}");
        assert_eq!(database.migrate().await.unwrap(), 0, "{backend:?}");
        assert_eq!(database.migration_status().await.unwrap(), status);
    })
    .await;
}

#[tokio::test]
async fn a_saved_plan_reads_back_as_revision_one() {
    on_each_backend(|backend, database| async move {
        let json = r#"{"pattern":"warm_standby","name":"Ünïcode ✓"}"#;
        database
            .insert_plan(&new_plan("plan-a", json))
            .await
            .unwrap();
        let stored = database.current_revision("plan-a").await.unwrap();
        let stored = stored.unwrap_or_else(|| panic!("{backend:?}: plan missing"));
        assert_eq!(stored.plan_id, "plan-a");
        assert_eq!(stored.revision, 1);
        assert_eq!(stored.plan_json, json);
        assert_eq!(stored.created_at_ms, 1_764_000_000_000);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_plan_id_reads_as_none() {
    on_each_backend(|_, database| async move {
        assert_eq!(
            database.current_revision("no-such-plan").await.unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_id_is_rejected_and_writes_nothing() {
    on_each_backend(|backend, database| async move {
        database
            .insert_plan(&new_plan("plan-b", "{\"v\":1}"))
            .await
            .unwrap();
        let duplicate = database.insert_plan(&new_plan("plan-b", "{\"v\":2}")).await;
        assert!(duplicate.is_err(), "{backend:?}: duplicate id accepted");
        let stored = database.current_revision("plan-b").await.unwrap().unwrap();
        assert_eq!(
            stored.plan_json, "{\"v\":1}",
            "{backend:?}: first plan changed"
        );
    })
    .await;
}

#[tokio::test]
async fn an_update_from_a_stale_revision_writes_nothing() {
    on_each_backend(|backend, database| async move {
        database
            .insert_plan(&new_plan("plan-c", "{\"v\":1}"))
            .await
            .unwrap();
        let saved = database
            .update_plan("plan-c", 1, &content("{\"v\":2}", 1_764_000_000_500))
            .await
            .unwrap();
        assert_eq!(saved, UpdateOutcome::Saved { revision: 2 }, "{backend:?}");
        let stale = database
            .update_plan("plan-c", 1, &content("{\"v\":3}", 1_764_000_000_900))
            .await
            .unwrap();
        assert_eq!(
            stale,
            UpdateOutcome::Stale {
                current_revision: 2
            }
        );
        let missing = database
            .update_plan("no-such-plan", 1, &content("{}", 0))
            .await
            .unwrap();
        assert_eq!(missing, UpdateOutcome::Missing);
        let revisions = database
            .revisions_before("plan-c", i64::MAX, 1_000)
            .await
            .unwrap();
        let texts: Vec<&str> = revisions.iter().map(|r| r.plan_json.as_str()).collect();
        assert_eq!(texts, ["{\"v\":1}", "{\"v\":2}"]);
        let record = database.plan_record("plan-c").await.unwrap().unwrap();
        assert_eq!(record.current_revision, 2);
        assert_eq!(record.updated_at_ms, 1_764_000_000_500);
        assert_eq!(
            revisions[1].price_book_version.as_deref(),
            Some("snapshot-test")
        );
    })
    .await;
}

/// A book of the snapshot's first `count` entries with one price changed, as `version`.
fn price_book(version: &str, count: usize, price: &str) -> planner::PriceBook {
    let snapshot = server::prices::bundled_snapshot().unwrap();
    let mut entries: Vec<planner::PriceEntry> = snapshot.entries()[..count].to_vec();
    entries[0].usd_per_unit = price.parse().unwrap();
    entries[0].source = planner::PriceSource::Live;
    entries[0].fetched_at = Some("2026-11-26T06:00:00.000Z".to_owned());
    planner::PriceBook::new(version.to_owned(), "2026-11-26".to_owned(), entries)
}

#[tokio::test]
async fn price_books_are_saved_whole_switch_atomically_and_keep_older_versions() {
    on_each_backend(|backend, database| async move {
        assert_eq!(database.current_price_book().await.unwrap(), None);
        // More entries than one INSERT batch holds.
        let first = price_book("live-1", 1_000, "0.1234567891");
        database
            .save_price_book(&first, planner::PriceSource::Live, 1_000, None)
            .await
            .unwrap();
        let (stored, loaded) = database.load_current_price_book().await.unwrap().unwrap();
        assert_eq!(stored.version, "live-1", "{backend:?}");
        assert_eq!(stored.entry_count, 1_000);
        assert_eq!(
            loaded, first,
            "{backend:?}: exact round trip, order and decimals"
        );

        let second = price_book("offer-2", 10, "0.5");
        database
            .save_price_book(&second, planner::PriceSource::OfferFile, 2_000, None)
            .await
            .unwrap();
        assert_eq!(
            database
                .current_price_book()
                .await
                .unwrap()
                .unwrap()
                .version,
            "offer-2"
        );
        let versions: Vec<String> = database
            .price_books()
            .await
            .unwrap()
            .into_iter()
            .map(|book| book.version)
            .collect();
        assert_eq!(
            versions,
            ["offer-2", "live-1"],
            "{backend:?}: the older one is kept"
        );

        // A failing save (the version exists) changes nothing: no half-written book.
        let clash = price_book("live-1", 5, "9");
        assert!(
            database
                .save_price_book(&clash, planner::PriceSource::Live, 3_000, None)
                .await
                .is_err()
        );
        let (stored, loaded) = database.load_current_price_book().await.unwrap().unwrap();
        assert_eq!(stored.version, "offer-2", "{backend:?}");
        assert_eq!(loaded, second);
        let older = database.price_books().await.unwrap().pop().unwrap();
        assert_eq!(database.load_price_book(&older).await.unwrap(), first);
    })
    .await;
}
