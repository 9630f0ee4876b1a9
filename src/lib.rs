//! paiban (排版): print layout and PDF typesetting for Chinese newspapers.
//!
//! Data flows one way: [`edition`] (input, checked) → [`fonts`] → [`text`] (paragraphs)
//! → [`compose`] (pages) → [`display`] (display list) → [`output`] (PDF, proofs,
//! preflight). [`pipeline`] runs the whole of it; [`report`] collects what a desk needs
//! to know. [`diag`], [`input`] (safe file reading, limits), [`units`] and [`color`] sit below
//! them all.

#![deny(missing_docs)]

pub mod color;
pub mod compose;
pub mod desk;
pub mod diag;
pub mod display;
pub mod edition;
pub mod fonts;
pub(crate) mod icc;
pub mod image;
pub mod input;
pub mod output;
pub mod pipeline;
pub mod proofs;
pub mod report;
pub mod text;
pub mod units;
