// Placeholder: the HTTP/1.1 server is being written (issue 6).
