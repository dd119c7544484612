// A tiny shim over Linux's epoll for the HTTP server (placeholder until the server lands).
#ifndef CEPOLL_H
#define CEPOLL_H
#include <sys/epoll.h>
#endif
