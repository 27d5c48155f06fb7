//! Alignment stage: pairs the clauses and sections of two versions by content, not by number or position.
