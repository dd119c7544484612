#define _GNU_SOURCE
#include "CEpoll.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stddef.h>

const uint32_t CEPOLL_IN = EPOLLIN;
const uint32_t CEPOLL_OUT = EPOLLOUT;
const uint32_t CEPOLL_ERR = EPOLLERR;
const uint32_t CEPOLL_HUP = EPOLLHUP;
const uint32_t CEPOLL_RDHUP = EPOLLRDHUP;

int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int control(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}

int cepoll_add(int epfd, int fd, uint32_t events, uint64_t token) { return control(epfd, EPOLL_CTL_ADD, fd, events, token); }
int cepoll_modify(int epfd, int fd, uint32_t events, uint64_t token) { return control(epfd, EPOLL_CTL_MOD, fd, events, token); }
int cepoll_remove(int epfd, int fd) { return control(epfd, EPOLL_CTL_DEL, fd, 0, 0); }

int cepoll_wait(int epfd, cepoll_event *out, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    if (max < 1) max = 1;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].events = events[i].events;
        out[i].token = events[i].data.u64;
    }
    return n;
}

int cepoll_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
int cepoll_eventfd_signal(int fd) { return eventfd_write(fd, 1); }
int cepoll_eventfd_drain(int fd) {
    eventfd_t value;
    return eventfd_read(fd, &value);
}

int cepoll_accept(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
