//! Rails: `config/database.yml` (a primary and its replica per environment variable),
//! `config/initializers/multi_db.rb` (Rails' database selector: reads go to the primary for
//! the window after the session's last write) and `app/models/application_record.rb`.

use std::collections::BTreeMap;

use crate::design::{Design, Engine};

pub fn files(design: &Design) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("config/database.yml".to_owned(), database_yml(design)),
        (
            "config/initializers/multi_db.rb".to_owned(),
            initializer(design),
        ),
        (
            "app/models/application_record.rb".to_owned(),
            application_record(design),
        ),
    ])
}

fn database_yml(design: &Design) -> String {
    let header = design.header(
        "#",
        "Rails database configuration: the writer and this region's replica, from the region's .env file.",
        true,
    );
    let (adapter, encoding) = match design.engine {
        Engine::Mysql => ("mysql2", "utf8mb4"),
        _ => ("postgresql", "unicode"),
    };
    format!(
        r#"{header}
default: &default
  adapter: {adapter}
  encoding: {encoding}
  # {formula}
  pool: <%= ENV.fetch("DATABASE_POOL_SIZE", "{pool}") %>
  # Quoted as JSON, which YAML reads back as written, whatever the value holds.
  password: <%= ENV.fetch("DATABASE_PASSWORD").to_json %>

production:
  primary:
    <<: *default
    url: <%= ENV.fetch("DATABASE_URL_PRIMARY").to_json %>
  primary_replica:
    <<: *default
    url: <%= ENV.fetch("DATABASE_URL_REPLICA").to_json %>
    replica: true
"#,
        formula = design.pool_formula,
        pool = design.pool_per_task,
    )
}

fn initializer(design: &Design) -> String {
    let header = design.header(
        "#",
        "Automatic role switching: GET and HEAD read from the replica unless the session wrote within the window.",
        false,
    );
    format!(
        r#"{header}
Rails.application.configure do
  config.active_record.database_selector = {{ delay: {seconds}.seconds }}
  config.active_record.database_resolver = ActiveRecord::Middleware::DatabaseSelector::Resolver
  config.active_record.database_resolver_context = ActiveRecord::Middleware::DatabaseSelector::Resolver::Session
end
"#,
        seconds = design.window_seconds()
    )
}

fn application_record(design: &Design) -> String {
    let header = design.header(
        "#",
        "Models write to the primary and read from the replica.",
        false,
    );
    format!(
        r#"{header}
class ApplicationRecord < ActiveRecord::Base
  primary_abstract_class

  connects_to database: {{ writing: :primary, reading: :primary_replica }}
end
"#
    )
}
