import AmableCore

// Placeholder: the store is being written (issue 5).
