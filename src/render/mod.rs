//! Render stage: turns models into what people read. Only the CLI prints; renderers return strings.

pub mod ci;
pub mod diff;
pub mod outline;
pub mod practices;
