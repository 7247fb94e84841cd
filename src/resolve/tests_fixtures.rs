//! Fixture tests (parse + resolve).
