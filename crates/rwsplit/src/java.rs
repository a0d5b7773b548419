//! Java: Spring Boot's `application.properties` for HikariCP over the AWS Advanced JDBC
//! Wrapper with its Simple Read/Write Splitting plugin (`srw`): connections start on the
//! global writer endpoint and switch to the region's reader endpoint while
//! `setReadOnly(true)` — what `@Transactional(readOnly = true)` does.

use std::collections::BTreeMap;

use crate::design::{Design, Engine};

pub fn files(design: &Design) -> BTreeMap<String, String> {
    let header = design.header(
        "#",
        "Spring Boot data source: values in ${...} come from the region's .env file.",
        false,
    );
    let (subprotocol, tls) = match design.engine {
        Engine::Mysql => ("mysql", "sslMode=REQUIRED"),
        _ => ("postgresql", "sslmode=require"),
    };
    let text = format!(
        r#"{header}
spring.datasource.driver-class-name=software.amazon.jdbc.Driver
spring.datasource.url=jdbc:aws-wrapper:{subprotocol}://${{DATABASE_WRITER_HOST}}:${{DATABASE_PORT}}/${{DATABASE_NAME}}?{tls}
spring.datasource.username=${{DATABASE_USER}}
spring.datasource.password=${{DATABASE_PASSWORD}}
# {formula}
spring.datasource.hikari.maximum-pool-size=${{DATABASE_POOL_SIZE:{pool}}}
spring.datasource.hikari.exception-override-class-name=software.amazon.jdbc.util.HikariCPSQLException
spring.datasource.hikari.data-source-properties.wrapperPlugins=srw
spring.datasource.hikari.data-source-properties.srwWriteEndpoint=${{DATABASE_WRITER_HOST}}
spring.datasource.hikari.data-source-properties.srwReadEndpoint=${{DATABASE_READER_HOST}}
# Reads that must see a write within the window belong in the write's transaction (not readOnly).
regionwise.read-after-write-window=${{READ_AFTER_WRITE_WINDOW_MS:{window}}}ms
"#,
        formula = design.pool_formula,
        pool = design.pool_per_task,
        window = design.window.window_ms,
    );
    BTreeMap::from([("src/main/resources/application.properties".to_owned(), text)])
}
