//! Built-in domain dictionaries (data items, SDKs, permissions, purposes), embedded from `dictionaries/`.
