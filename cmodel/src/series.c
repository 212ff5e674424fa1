/* SPDX-License-Identifier: Apache-2.0 */
/* Series text parsing, legality check, canonical formatting, density. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void put_msg(char *buf, size_t len, const char *fmt, ...) {
  if (!buf || len == 0) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, len, fmt, ap);
  va_end(ap);
}

static int is_pow2(uint32_t m) { return m != 0 && (m & (m - 1)) == 0; }

/* Most positions of one block of size mt that earlier term (ns:ms) can hold. */
static uint32_t held_by(uint32_t ns, uint32_t ms, uint32_t mt) {
  if (ms <= mt) return ns * (mt / ms);
  return ns < mt ? ns : mt;
}

tasd_status tasd_series_check_msg(const tasd_series *s, char *errbuf, size_t errlen) {
  if (!s) {
    put_msg(errbuf, errlen, "series pointer is NULL");
    return TASD_ERR_NULL;
  }
  if (s->nterms < 1 || s->nterms > TASD_MAX_TERMS) {
    put_msg(errbuf, errlen, "series has %u terms; 1..%d allowed", (unsigned)s->nterms,
            TASD_MAX_TERMS);
    return TASD_ERR_ILLEGAL_SERIES;
  }
  for (uint32_t t = 0; t < s->nterms; t++) {
    uint32_t n = s->term[t].n, m = s->term[t].m;
    if (!is_pow2(m) || m > TASD_MAX_M) {
      put_msg(errbuf, errlen, "term %u (%u:%u): block size M=%u must be a power of two in 1..%d",
              (unsigned)t + 1, (unsigned)n, (unsigned)m, (unsigned)m, TASD_MAX_M);
      return TASD_ERR_ILLEGAL_SERIES;
    }
    if (n > m) {
      put_msg(errbuf, errlen, "term %u (%u:%u): N=%u exceeds M=%u", (unsigned)t + 1,
              (unsigned)n, (unsigned)m, (unsigned)n, (unsigned)m);
      return TASD_ERR_ILLEGAL_SERIES;
    }
    uint32_t held = 0;
    int same = 1;
    for (uint32_t u = 0; u < t; u++) {
      held += held_by(s->term[u].n, s->term[u].m, m);
      if (s->term[u].m != m) same = 0;
    }
    /* Earlier terms cannot hold more positions than the block has (also keeps N=0 legal). */
    if (held > m) held = m;
    if (n + held > m) {
      if (same)
        put_msg(errbuf, errlen, "sum of N over terms 1..%u is %u, exceeds M=%u", (unsigned)t + 1,
                (unsigned)(n + held), (unsigned)m);
      else
        put_msg(errbuf, errlen,
                "term %u (%u:%u): earlier terms can hold %u positions of a %u-block, so N=%u "
                "does not fit",
                (unsigned)t + 1, (unsigned)n, (unsigned)m, (unsigned)held, (unsigned)m,
                (unsigned)n);
      return TASD_ERR_ILLEGAL_SERIES;
    }
  }
  return TASD_OK;
}

tasd_status tasd_series_check(const tasd_series *s) { return tasd_series_check_msg(s, NULL, 0); }

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Decimal number, saturating at UINT32_MAX (never overflows). Returns chars consumed. */
static size_t read_num(const char *p, uint32_t *v) {
  size_t i = 0;
  uint64_t x = 0;
  while (is_digit(p[i])) {
    x = x * 10u + (uint64_t)(p[i] - '0');
    if (x > UINT32_MAX) x = UINT32_MAX;
    i++;
  }
  *v = (uint32_t)x;
  return i;
}

tasd_status tasd_series_parse_msg(const char *text, tasd_series *out, char *errbuf,
                                  size_t errlen) {
  if (!text || !out) {
    put_msg(errbuf, errlen, "%s pointer is NULL", !text ? "series text" : "output");
    return TASD_ERR_NULL;
  }
  uint32_t ns[TASD_MAX_TERMS], ms[TASD_MAX_TERMS];
  size_t count = 0;
  const char *p = text;
  while (is_space(*p)) p++;
  if (*p == '\0') {
    put_msg(errbuf, errlen, "empty series text");
    return TASD_ERR_SYNTAX;
  }
  for (;;) {
    uint32_t n, m;
    size_t col = (size_t)(p - text) + 1;
    if (strncmp(p, "dense", 5) == 0 && !is_alnum(p[5])) {
      n = 1;
      m = 1;
      p += 5;
    } else if (is_digit(*p)) {
      p += read_num(p, &n);
      if (*p != ':') {
        put_msg(errbuf, errlen, "series \"%s\": expected ':' after N at column %zu", text,
                (size_t)(p - text) + 1);
        return TASD_ERR_SYNTAX;
      }
      p++;
      if (!is_digit(*p)) {
        put_msg(errbuf, errlen, "series \"%s\": expected a number M at column %zu", text,
                (size_t)(p - text) + 1);
        return TASD_ERR_SYNTAX;
      }
      p += read_num(p, &m);
    } else if (*p == '+' || *p == '\0') {
      put_msg(errbuf, errlen, "series \"%s\": empty term at column %zu", text, col);
      return TASD_ERR_SYNTAX;
    } else {
      put_msg(errbuf, errlen,
              "series \"%s\": unexpected character '%c' at column %zu (terms are N:M or dense)",
              text, *p, col);
      return TASD_ERR_SYNTAX;
    }
    if (count < TASD_MAX_TERMS) {
      ns[count] = n;
      ms[count] = m;
    }
    count++;
    while (is_space(*p)) p++;
    if (*p == '\0') break;
    if (*p != '+') {
      put_msg(errbuf, errlen, "series \"%s\": unexpected character '%c' at column %zu", text, *p,
              (size_t)(p - text) + 1);
      return TASD_ERR_SYNTAX;
    }
    p++;
    while (is_space(*p)) p++;
    if (*p == '\0') {
      put_msg(errbuf, errlen, "series \"%s\": trailing '+'", text);
      return TASD_ERR_SYNTAX;
    }
  }
  if (count > TASD_MAX_TERMS) {
    put_msg(errbuf, errlen, "series \"%s\": %zu terms, at most %d allowed", text, count,
            TASD_MAX_TERMS);
    return TASD_ERR_ILLEGAL_SERIES;
  }
  for (size_t t = 0; t < count; t++) {
    if (ms[t] > TASD_MAX_M || ns[t] > ms[t]) {
      /* Too large for the struct (or plainly illegal): report without truncating. */
      if (ms[t] > TASD_MAX_M || ms[t] == 0 || (ms[t] & (ms[t] - 1)) != 0)
        put_msg(errbuf, errlen,
                "series \"%s\": term %zu: block size M=%lu must be a power of two in 1..%d",
                text, t + 1, (unsigned long)ms[t], TASD_MAX_M);
      else
        put_msg(errbuf, errlen, "series \"%s\": term %zu (%lu:%lu): N=%lu exceeds M=%lu", text,
                t + 1, (unsigned long)ns[t], (unsigned long)ms[t], (unsigned long)ns[t],
                (unsigned long)ms[t]);
      return TASD_ERR_ILLEGAL_SERIES;
    }
  }
  tasd_series s;
  memset(&s, 0, sizeof s);
  s.nterms = (uint32_t)count;
  for (size_t t = 0; t < count; t++) {
    s.term[t].n = (uint16_t)ns[t];
    s.term[t].m = (uint16_t)ms[t];
  }
  char msg[160];
  tasd_status st = tasd_series_check_msg(&s, msg, sizeof msg);
  if (st != TASD_OK) {
    put_msg(errbuf, errlen, "series \"%s\": %s", text, msg);
    return st;
  }
  *out = s;
  return TASD_OK;
}

tasd_status tasd_series_parse(const char *text, tasd_series *out) {
  return tasd_series_parse_msg(text, out, NULL, 0);
}

tasd_status tasd_series_format(const tasd_series *s, char *buf, size_t len) {
  if (!s || !buf) return TASD_ERR_NULL;
  if (s->nterms < 1 || s->nterms > TASD_MAX_TERMS) {
    if (len) buf[0] = '\0';
    return TASD_ERR_ILLEGAL_SERIES;
  }
  char tmp[TASD_MAX_TERMS * 13 + 8];
  size_t used = 0;
  if (s->nterms == 1 && s->term[0].n == 1 && s->term[0].m == 1) {
    used = (size_t)snprintf(tmp, sizeof tmp, "dense");
  } else {
    for (uint32_t t = 0; t < s->nterms; t++)
      used += (size_t)snprintf(tmp + used, sizeof tmp - used, "%s%u:%u", t ? "+" : "",
                               (unsigned)s->term[t].n, (unsigned)s->term[t].m);
  }
  if (used + 1 > len) {
    if (len) buf[0] = '\0';
    return TASD_ERR_BUFFER;
  }
  memcpy(buf, tmp, used + 1);
  return TASD_OK;
}

double tasd_series_density(const tasd_series *s) {
  if (!s) return 0.0;
  double d = 0.0;
  uint32_t nt = s->nterms > TASD_MAX_TERMS ? TASD_MAX_TERMS : s->nterms;
  for (uint32_t t = 0; t < nt; t++)
    if (s->term[t].m) d += (double)s->term[t].n / (double)s->term[t].m;
  return d;
}
