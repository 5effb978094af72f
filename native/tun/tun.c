// The TUN device for the gateway's forwarding plane. Node can open /dev/net/tun but cannot issue the
// TUNSETIFF ioctl, and fs.read on a character device blocks a libuv thread-pool worker per pending
// read (the pool that password hashing shares). So this addon attaches the device and watches its
// non-blocking fd with uv_poll on the main loop: when readable it drains up to a batch of packets
// and hands them to JavaScript in one call, packed end to end in one Buffer with their lengths (one
// Buffer per batch, not one per packet: each native Buffer costs an allocation and GC bookkeeping);
// writes are one non-blocking write() per packet.
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <uv.h>

/* 2: watch() hands over one Buffer per batch and the packets' lengths */
#define ADDON_VERSION 2
#define BATCH 64
#define MAXPKT 65536
/* room for a full batch of typical packets; a read always has MAXPKT free, so nothing is truncated */
#define SCRATCH (BATCH * 2048 + MAXPKT)

typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  int fd;
  int closing;
} reader_t;

static unsigned char rbuf[SCRATCH];

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

// open(name) -> [fd, actualName]
static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[IFNAMSIZ] = {0};
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "open(name: string)");
    return NULL;
  }
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return throw_errno(env, "open /dev/net/tun", errno);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  memcpy(ifr.ifr_name, name, len < IFNAMSIZ - 1 ? len : IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, "TUNSETIFF", e);
  }
  napi_value out, jfd, jname;
  napi_create_array_with_length(env, 2, &out);
  napi_create_int32(env, fd, &jfd);
  napi_create_string_utf8(env, ifr.ifr_name, NAPI_AUTO_LENGTH, &jname);
  napi_set_element(env, out, 0, jfd);
  napi_set_element(env, out, 1, jname);
  return out;
}

static void on_readable(uv_poll_t *h, int status, int events) {
  reader_t *r = (reader_t *)h->data;
  if (r->closing) return;
  napi_handle_scope scope;
  napi_open_handle_scope(r->env, &scope);
  uint32_t lens[BATCH];
  uint32_t n = 0;
  size_t used = 0;
  int err = 0;
  while (n < BATCH && SCRATCH - used >= MAXPKT) {
    ssize_t got = read(r->fd, rbuf + used, MAXPKT);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) err = errno;
      break;
    }
    if (got == 0) break;
    lens[n++] = (uint32_t)got;
    used += (size_t)got;
  }
  if (status < 0) err = -status;
  if (n > 0 || err) {
    napi_value cb, global, argv[3], result, arr, buf, len;
    void *data;
    napi_create_buffer_copy(r->env, used, rbuf, &data, &buf);
    napi_create_array_with_length(r->env, n, &arr);
    for (uint32_t i = 0; i < n; i++) {
      napi_create_uint32(r->env, lens[i], &len);
      napi_set_element(r->env, arr, i, len);
    }
    napi_get_reference_value(r->env, r->callback, &cb);
    napi_get_global(r->env, &global);
    argv[0] = buf;
    argv[1] = arr;
    napi_create_int32(r->env, err, &argv[2]);
    // errors thrown by the callback surface as uncaught exceptions, as any event handler's would
    napi_make_callback(r->env, NULL, global, cb, 3, argv, &result);
  }
  // a hard error would make the fd readable (and reported) on every turn of the loop: say it once
  if (err && !r->closing) uv_poll_stop(&r->poll);
  napi_close_handle_scope(r->env, scope);
}

// watch(fd, callback(batch: Buffer, lengths: number[], errno: number)) -> handle (pass to stop);
// the batch holds the packets end to end, lengths[i] bytes each
static napi_value Watch(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "watch(fd, callback)");
    return NULL;
  }
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  reader_t *r = calloc(1, sizeof *r);
  r->env = env;
  r->fd = fd;
  napi_create_reference(env, argv[1], 1, &r->callback);
  if (uv_poll_init(loop, &r->poll, fd) != 0) {
    napi_delete_reference(env, r->callback);
    free(r);
    napi_throw_error(env, NULL, "uv_poll_init failed");
    return NULL;
  }
  r->poll.data = r;
  uv_poll_start(&r->poll, UV_READABLE, on_readable);
  napi_value handle;
  napi_create_external(env, r, NULL, NULL, &handle);
  return handle;
}

static napi_value Stop(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  reader_t *r;
  if (argc < 1 || napi_get_value_external(env, argv[0], (void **)&r) != napi_ok || !r) return NULL;
  if (r->closing) return NULL;
  r->closing = 1;
  uv_poll_stop(&r->poll);
  napi_delete_reference(env, r->callback);
  uv_close((uv_handle_t *)&r->poll, (uv_close_cb)free);
  return NULL;
}

// write(fd, packet) -> bytes written, or -errno (EAGAIN: the kernel queue is full, packet dropped)
static napi_value Write(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  void *data;
  size_t len;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "write(fd, buffer)");
    return NULL;
  }
  ssize_t n;
  do n = write(fd, data, len); while (n < 0 && errno == EINTR);
  napi_value out;
  napi_create_int32(env, n < 0 ? -errno : (int32_t)n, &out);
  return out;
}

static napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  if (argc >= 1 && napi_get_value_int32(env, argv[0], &fd) == napi_ok) close(fd);
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"open", NULL, Open, NULL, NULL, NULL, napi_default, NULL},
    {"watch", NULL, Watch, NULL, NULL, NULL, napi_default, NULL},
    {"stop", NULL, Stop, NULL, NULL, NULL, napi_default, NULL},
    {"write", NULL, Write, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, Close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  // the JavaScript side (src/gateway/tun/device.ts) refuses an addon of another version
  napi_value version;
  napi_create_int32(env, ADDON_VERSION, &version);
  napi_set_named_property(env, exports, "version", version);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
