//! paiban (排版): print layout and PDF typesetting for Chinese newspapers.
//!
//! Data flows one way: [`edition`] (input, checked) → [`fonts`] → [`text`] (paragraphs)
//! → [`compose`] (pages) → [`display`] (display list) → [`pdf`]. [`build`] runs the whole
//! pipeline; [`report`] collects what a desk needs to know.

#![deny(missing_docs)]

pub mod build;
pub mod compose;
pub mod diag;
pub mod display;
pub mod edition;
pub mod fonts;
pub mod image;
pub mod pdf;
pub mod preflight;
pub mod proof;
pub mod report;
pub mod text;
pub mod units;
