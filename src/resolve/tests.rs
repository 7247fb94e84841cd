//! Unit tests on hand-built syntax trees.
