//! One module per routed page. Pages compose components; they hold no domain logic.

mod home;
mod not_found;

pub use home::HomePage;
pub use not_found::NotFoundPage;
