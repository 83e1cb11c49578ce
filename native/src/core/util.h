/* Scope-cleanup helpers and small buffers shared by the shim's files. */
#ifndef LXCBUS_UTIL_H
#define LXCBUS_UTIL_H
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void lx_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}
static inline void lx_freep(void *p)
{
	free(*(void **)p);
}
#define cleanup_close __attribute__((cleanup(lx_closep)))
#define cleanup_free __attribute__((cleanup(lx_freep)))

/* Moves an fd out of a cleanup_close variable so the scope does not close it. */
static inline int lx_steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

/* A growable byte buffer; callers bound its size by not reading more input while it is full. */
typedef struct lx_buf {
	char *data;
	size_t len;
	size_t cap;
} lx_buf;

int lx_buf_append(lx_buf *b, const void *data, size_t len);
void lx_buf_consume(lx_buf *b, size_t len);
void lx_buf_free(lx_buf *b);

int64_t lx_now_ms(void);
int lx_set_nonblock(int fd);
int lx_write_all(int fd, const void *data, size_t len);
int lx_write_file(const char *path, const char *content, int flags);
int lx_write_file_atomic(const char *path, const char *content);
int lx_mkdir_p(const char *path, mode_t mode);

#endif
