/*
 * The C side of Tools/check-c-export: one network's library, exported with
 * `simdnet export --c`, held bit for bit against `simdnet predict`.
 * Compiled once per network:
 *
 *   gcc -O2 -pthread -I DIR -DNET=name -DNET_HEADER='"name.h"' \
 *       Tools/c-export/bits-check.c DIR/libname.a -lm
 *
 *   bits-check gen COUNT SEED BITS DECIMAL
 *       writes COUNT examples to BITS, each input as its 16-hex-digit bit
 *       pattern (what `simdnet predict --bits` reads): every edge value in
 *       every input first, then a seeded mix of ordinary numbers, edge values
 *       (±0, subnormals, DBL_MIN, DBL_MAX, huge, NaN with and without
 *       payload, signalling NaN, ±∞) and random bit patterns. The examples
 *       whose inputs are all finite also go to DECIMAL, as %.17g, which reads
 *       back exactly (what plain `simdnet predict` reads).
 *   bits-check run THREADS BITS REFERENCE_BITS DECIMAL_REFERENCE
 *       reads the examples of BITS; THREADS threads, released together by a
 *       barrier, each predict every example several times, with NAME_predict
 *       one by one and with NAME_predict_n in blocks of 1 to 9 examples; every
 *       output of every thread, call and round must equal
 *         - the bit pattern `simdnet predict --bits` wrote in REFERENCE_BITS;
 *         - for the all-finite examples, the decimal plain `simdnet predict`
 *           wrote in DECIMAL_REFERENCE, read back with strtod (a NaN only
 *           as "nan": the decimal form has no payload).
 *       With -DHAS_CLASSIFY (a network with class names), NAME_classify of
 *       every example must be the index of the largest reference output, the
 *       first of equal ones, or -1 when one is NaN: computed here, in C.
 *       Prints the first differences, and exits 1 if there is any.
 */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include NET_HEADER

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define PREDICT CAT(NET, _predict)
#define PREDICT_N CAT(NET, _predict_n)
#define INPUTS CAT(NET, _INPUTS)
#define OUTPUTS CAT(NET, _OUTPUTS)
#define CLASSIFY CAT(NET, _classify)
#define ROUNDS 4

static double from_bits(uint64_t bits) {
  double value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

static uint64_t to_bits(double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}

static uint64_t state;
static uint64_t next_random(void) { /* SplitMix64 */
  uint64_t z = (state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}
static double uniform(double low, double high) {
  return low + (high - low) * ((double)(next_random() >> 11) / 9007199254740992.0);
}

static const uint64_t edges[] = {
  0x0000000000000000u, 0x8000000000000000u,                      /* ±0 */
  0x0000000000000001u, 0x8000000000000001u,                      /* ±smallest subnormal */
  0x000fffffffffffffu, 0x800fffffffffffffu,                      /* ±largest subnormal */
  0x0000000123456789u,                                           /* a subnormal */
  0x0010000000000000u, 0x8010000000000000u,                      /* ±DBL_MIN */
  0x7fefffffffffffffu, 0xffefffffffffffffu,                      /* ±DBL_MAX */
  0x7e37e43c8800759cu, 0xfe37e43c8800759cu,                      /* ±1e300 */
  0x4415af1d78b58c40u, 0xc415af1d78b58c40u,                      /* ±1e20 */
  0x40862e42fefa39efu, 0xc0874910d52d3051u,                      /* exp's overflow and underflow ends */
  0x4030000000000000u, 0xc030000000000000u, 0x4030000000000001u, /* ±16, the table's ends */
  0x3ff0000000000000u, 0xbff0000000000000u,                      /* ±1 */
  0x7ff8000000000000u, 0xfff8000000000000u,                      /* ±NaN */
  0x7ff8000000000123u, 0x7ff0000000000001u,                      /* NaN with payload, signalling NaN */
  0x7ff0000000000000u, 0xfff0000000000000u,                      /* ±∞ */
};
#define EDGE_COUNT (sizeof edges / sizeof edges[0])

static double draw(void) {
  uint64_t kind = next_random() % 20;
  if (kind < 10) return uniform(-4, 4);
  if (kind < 12) return uniform(-40, 40);
  if (kind < 16) return from_bits(edges[next_random() % EDGE_COUNT]);
  if (kind < 17) return from_bits(next_random() & 0x000fffffffffffffu); /* subnormal */
  if (kind < 18) return uniform(-1, 1) * 1e300;
  return from_bits(next_random()); /* any bits: huge, tiny, NaN, … */
}

static int all_finite(const double *x) {
  for (int i = 0; i < INPUTS; i++)
    if (!isfinite(x[i])) return 0;
  return 1;
}

static FILE *open_file(const char *path, const char *mode) {
  FILE *file = fopen(path, mode);
  if (!file) {
    perror(path);
    exit(2);
  }
  return file;
}

static int generate(long count, uint64_t seed, const char *bits_path, const char *decimal_path) {
  FILE *bits = open_file(bits_path, "w"), *decimal = open_file(decimal_path, "w");
  state = seed;
  double x[INPUTS];
  for (long e = 0; e < count; e++) {
    for (int i = 0; i < INPUTS; i++) {
      long edge = e - (long)i * (long)EDGE_COUNT;
      /* First: each edge value in each input, the others ordinary. */
      x[i] = (e < (long)(EDGE_COUNT * INPUTS) && edge >= 0 && edge < (long)EDGE_COUNT)
               ? from_bits(edges[edge])
               : (e < (long)(EDGE_COUNT * INPUTS) ? uniform(-2, 2) : draw());
    }
    for (int i = 0; i < INPUTS; i++)
      fprintf(bits, "%s%016" PRIx64, i ? "," : "", to_bits(x[i]));
    fputc('\n', bits);
    if (all_finite(x)) {
      for (int i = 0; i < INPUTS; i++) fprintf(decimal, "%s%.17g", i ? "," : "", x[i]);
      fputc('\n', decimal);
    }
  }
  if (fclose(bits) || fclose(decimal)) {
    perror("gen");
    return 2;
  }
  return 0;
}

/* Reads lines of `width` comma-separated fields with `read_field`. */
static double *read_table(const char *path, int width, long *count,
                          int (*read_field)(const char *, double *)) {
  FILE *file = open_file(path, "r");
  size_t capacity = 1024;
  double *values = malloc(capacity * sizeof *values);
  long rows = 0;
  char line[64 * 64];
  while (fgets(line, sizeof line, file)) {
    char *field = line;
    if ((size_t)(rows + 1) * width > capacity) {
      capacity *= 2;
      values = realloc(values, capacity * sizeof *values);
    }
    for (int i = 0; i < width; i++) {
      char *end = strpbrk(field, ",\n");
      if (!end && i < width - 1) {
        fprintf(stderr, "%s:%ld: expected %d fields\n", path, rows + 1, width);
        exit(2);
      }
      if (end) *end = 0;
      if (!read_field(field, &values[rows * width + i])) {
        fprintf(stderr, "%s:%ld: bad field '%s'\n", path, rows + 1, field);
        exit(2);
      }
      field = end ? end + 1 : field + strlen(field);
    }
    rows++;
  }
  fclose(file);
  *count = rows;
  return values;
}

static int read_bits(const char *text, double *value) {
  char *end;
  if (strlen(text) != 16) return 0;
  uint64_t bits = strtoull(text, &end, 16);
  *value = from_bits(bits);
  return *end == 0;
}

static int read_decimal(const char *text, double *value) {
  char *end;
  *value = strtod(text, &end);
  return end != text && *end == 0;
}

struct shared {
  const double *inputs;
  long count;
  pthread_barrier_t start;
};

struct work {
  struct shared *shared;
  int thread;
  double *one; /* NAME_predict's outputs, first round */
  double *many; /* NAME_predict_n's outputs, first round */
  long differences; /* between rounds */
};

static void *predict_all(void *argument) {
  struct work *work = argument;
  const struct shared *shared = work->shared;
  long count = shared->count;
  double *one = malloc((count * OUTPUTS + 1) * sizeof *one);
  double *many = malloc((count * OUTPUTS + 1) * sizeof *many);
  pthread_barrier_wait(&work->shared->start);
  for (int round = 0; round < ROUNDS; round++) {
    for (long e = 0; e < count; e++) PREDICT(shared->inputs + e * INPUTS, one + e * OUTPUTS);
    /* Blocks of 1 to 9 examples, a different cut in every thread and round. */
    long e = 0;
    size_t block = 1 + (work->thread + round) % 9;
    while (e < count) {
      size_t n = (size_t)(count - e) < block ? (size_t)(count - e) : block;
      PREDICT_N(shared->inputs + e * INPUTS, n, many + e * OUTPUTS);
      e += n;
      block = block % 9 + 1;
    }
    PREDICT_N(NULL, 0, NULL); /* nothing read or written */
    if (round == 0) {
      work->one = one;
      work->many = many;
      one = malloc((count * OUTPUTS + 1) * sizeof *one);
      many = malloc((count * OUTPUTS + 1) * sizeof *many);
    } else {
      for (long k = 0; k < count * OUTPUTS; k++)
        work->differences += to_bits(one[k]) != to_bits(work->one[k]) ||
                             to_bits(many[k]) != to_bits(work->many[k]);
    }
  }
  free(one);
  free(many);
  return NULL;
}

static long report(long differences, const char *what, long e, int k, const double *x,
                   uint64_t got, const char *expected) {
  if (differences < 10) {
    fprintf(stderr, "bits-check: %s: example %ld (", what, e + 1);
    for (int i = 0; i < INPUTS; i++)
      fprintf(stderr, "%s%016" PRIx64, i ? "," : "", to_bits(x[i]));
    fprintf(stderr, "), output %d: %016" PRIx64 " (%a), expected %s\n", k + 1, got,
            from_bits(got), expected);
  }
  return differences + 1;
}

static int run(int threads, const char *bits_path, const char *reference_path,
               const char *decimal_path) {
  struct shared shared;
  long references, decimals;
  double *inputs = read_table(bits_path, INPUTS, &shared.count, read_bits);
  double *reference = read_table(reference_path, OUTPUTS, &references, read_bits);
  double *decimal = read_table(decimal_path, OUTPUTS, &decimals, read_decimal);
  if (references != shared.count) {
    fprintf(stderr, "bits-check: %ld examples but %ld reference lines\n", shared.count,
            references);
    return 1;
  }
  shared.inputs = inputs;
  pthread_barrier_init(&shared.start, NULL, (unsigned)threads);
  pthread_t ids[64];
  struct work works[64];
  for (int t = 0; t < threads; t++) {
    works[t] = (struct work){.shared = &shared, .thread = t};
    if (pthread_create(&ids[t], NULL, predict_all, &works[t])) {
      perror("pthread_create");
      return 2;
    }
  }
  for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);

  long differences = 0, finite = 0, nans = 0, compared = 0;
  for (int t = 0; t < threads; t++) {
    if (works[t].differences) {
      fprintf(stderr, "bits-check: thread %d: %ld outputs changed between rounds\n", t,
              works[t].differences);
      differences += works[t].differences;
    }
  }
  for (long e = 0; e < shared.count; e++) {
    const double *x = inputs + e * INPUTS;
    int is_finite = all_finite(x);
    if (is_finite && finite >= decimals) {
      fprintf(stderr, "bits-check: too few lines in %s\n", decimal_path);
      return 1;
    }
    for (int k = 0; k < OUTPUTS; k++) {
      uint64_t expected = to_bits(reference[e * OUTPUTS + k]);
      char text[64];
      snprintf(text, sizeof text, "%016" PRIx64 " (%a)", expected, from_bits(expected));
      nans += isnan(from_bits(expected));
      for (int t = 0; t < threads; t++) {
        uint64_t one = to_bits(works[t].one[e * OUTPUTS + k]);
        uint64_t many = to_bits(works[t].many[e * OUTPUTS + k]);
        if (one != expected)
          differences = report(differences, "predict", e, k, x, one, text);
        if (many != expected)
          differences = report(differences, "predict_n", e, k, x, many, text);
        compared += 2;
      }
      if (is_finite) {
        double value = decimal[finite * OUTPUTS + k];
        uint64_t got = to_bits(works[0].one[e * OUTPUTS + k]);
        int same = isnan(value) ? isnan(from_bits(got)) : to_bits(value) == got;
        if (!same) {
          snprintf(text, sizeof text, "%.17g from plain simdnet predict", value);
          differences = report(differences, "predict (decimal)", e, k, x, got, text);
        }
        compared++;
      }
    }
    finite += is_finite;
#ifdef HAS_CLASSIFY
    int expected_class = 0;
    for (int k = 0; k < OUTPUTS; k++) {
      double value = reference[e * OUTPUTS + k];
      if (isnan(value)) {
        expected_class = -1;
        break;
      }
      if (value > reference[e * OUTPUTS + expected_class]) expected_class = k;
    }
    int got_class = CLASSIFY(x);
    if (got_class != expected_class) {
      if (differences < 10)
        fprintf(stderr, "bits-check: example %ld: classify gave %d, expected %d\n", e, got_class,
                expected_class);
      differences++;
    }
    compared++;
#endif
  }
  if (finite != decimals) {
    fprintf(stderr, "bits-check: %ld all-finite examples but %ld lines in %s\n", finite,
            decimals, decimal_path);
    return 1;
  }
  printf("bits-check: %s: %ld examples (%ld all finite), %d outputs each, %d threads x %d "
         "rounds x 2 functions; %ld comparisons with simdnet predict (%ld NaN outputs): "
         "%ld differences\n",
         NET_HEADER, shared.count, finite, OUTPUTS, threads, ROUNDS, compared, nans,
         differences);
  return differences ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 6 && !strcmp(argv[1], "gen"))
    return generate(atol(argv[2]), strtoull(argv[3], NULL, 10), argv[4], argv[5]);
  if (argc == 6 && !strcmp(argv[1], "run")) {
    int threads = atoi(argv[2]);
    if (threads < 1 || threads > 64) threads = 2;
    return run(threads, argv[3], argv[4], argv[5]);
  }
  fprintf(stderr,
          "usage: bits-check gen COUNT SEED BITS DECIMAL\n"
          "       bits-check run THREADS BITS REFERENCE_BITS DECIMAL_REFERENCE\n");
  return 2;
}
