//! The storage layer on both backends: migrations and plan rows.

use regionwise_tests::on_each_backend;
use server::db::plans::NewPlan;

fn new_plan(id: &str, json: &str) -> NewPlan {
    NewPlan {
        id: id.to_owned(),
        edit_token_hash: vec![7; 32],
        plan_json: json.to_owned(),
        created_at_ms: 1_764_000_000_000,
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
