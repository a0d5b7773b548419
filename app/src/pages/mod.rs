//! One module per routed page. Pages compose components; they hold no domain logic.

#[cfg(feature = "ssr")]
pub mod app_config_page;
#[cfg(feature = "ssr")]
pub mod compare_page;
mod not_found;
pub mod planner_page;
#[cfg(feature = "ssr")]
pub mod shared_plan_page;
#[cfg(feature = "ssr")]
mod static_page;
#[cfg(feature = "ssr")]
pub mod terraform_page;

pub use not_found::NotFoundPage;
pub use planner_page::PlannerPage;
