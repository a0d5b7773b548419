//! The bundle's reusable modules, one file each; every region instantiates them through its
//! own provider alias.

pub mod app;
pub mod cache;
pub mod database;
pub mod dynamodb;
pub mod encryption;
pub mod failover;
pub mod monitoring;
pub mod network;
pub mod routing;
