// A tiny shim over Linux's epoll and eventfd for the HTTP server.
//
// `struct epoll_event` is packed on x86-64, which Swift imports awkwardly; the shim hands
// events over in a plain struct instead, and exposes the flags as constants Swift can see.
#ifndef CEPOLL_H
#define CEPOLL_H

#include <stdint.h>
#include <sys/socket.h>

/// One readiness event: the epoll flags and the 64-bit token given to `cepoll_add`.
typedef struct {
    uint32_t events;
    uint64_t token;
} cepoll_event;

extern const uint32_t CEPOLL_IN;
extern const uint32_t CEPOLL_OUT;
extern const uint32_t CEPOLL_ERR;
extern const uint32_t CEPOLL_HUP;
extern const uint32_t CEPOLL_RDHUP;

/// epoll_create1(EPOLL_CLOEXEC); -1 and errno on failure.
int cepoll_create(void);
/// EPOLL_CTL_ADD / MOD / DEL; 0 or -1 and errno.
int cepoll_add(int epfd, int fd, uint32_t events, uint64_t token);
int cepoll_modify(int epfd, int fd, uint32_t events, uint64_t token);
int cepoll_remove(int epfd, int fd);
/// Waits up to `timeout_ms` (-1: forever); fills at most `max` events. Returns the count,
/// 0 on timeout, -1 and errno on failure (EINTR included: the caller retries).
int cepoll_wait(int epfd, cepoll_event *events, int max, int timeout_ms);

/// A non-blocking, close-on-exec eventfd used to wake the loop from other threads.
int cepoll_eventfd(void);
/// Adds 1 to the eventfd's counter (wakes the loop); 0 or -1 and errno.
int cepoll_eventfd_signal(int fd);
/// Resets the eventfd's counter; 0 or -1 and errno (EAGAIN when it was already 0).
int cepoll_eventfd_drain(int fd);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC (glibc hides it without _GNU_SOURCE).
int cepoll_accept(int fd, struct sockaddr *address, socklen_t *length);

#endif
