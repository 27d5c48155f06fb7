//! Render stage: turns models into what people read. Only the CLI prints; renderers return strings.

pub mod ci;
pub mod color;
pub mod diff;
pub mod html;
pub mod markdown;
pub mod notice;
pub mod outline;
pub mod practices;
pub mod sanitize;
