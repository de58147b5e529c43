/*
 * The FANN side of Benchmarks/compare/run.
 *
 *   fann-driver weights COUNT SEED        COUNT numbers in [-1, 1), one a line (%.17g)
 *   fann-driver bench   WORKLOADS REPS    training and prediction throughput
 *   fann-driver check   WORKLOADS         cost after 1, 100 and 1000 batch epochs
 *   fann-driver quality RUNS              test accuracy and cost after FANN_TRAIN_BATCH
 *                                         and FANN_TRAIN_RPROP training
 *   fann-driver rprop RUNS                the same after FANN_TRAIN_RPROP training with
 *                                         FANN's default error function (tanh) and with
 *                                         the linear one (issue 15's quality rows)
 *   fann-driver evaluate I H O WEIGHTS DATA
 *                                         cost and accuracy on DATA (read with
 *                                         fann_read_train_from_file), one fann_run per example
 *   fann-driver predict I H O WEIGHTS     outputs for examples read from stdin, one a
 *                                         line, comma-separated, as `simdnet predict` reads them;
 *                                         prints each example's outputs with "%.17g"
 *
 * `evaluate` and `predict` are the FANN counterparts of `simdnet evaluate` and
 * `simdnet predict` for the tool rows of `run`, which time them as whole
 * processes; I H O is the network's shape (inputs hidden outputs, hidden 0:
 * none) and WEIGHTS a weights file as below.
 *
 * WORKLOADS is the file `run` writes: one line per workload,
 *   name inputs hidden outputs data-file weights-file train-epochs predict-examples
 * (hidden 0: no hidden layer). Weights files hold every parameter in SIMDNet's
 * order (layer by layer from the input; each layer's weights w[j][i] row by
 * row, then its biases), so both sides start from the same bits.
 *
 * Network semantics, matched to SIMDNet's lecture network:
 *   - FANN_SIGMOID everywhere. FANN computes 1/(1 + exp(-2·s·x)); steepness
 *     s = 0.5 (FANN's default, set explicitly here) makes it σ(x) = 1/(1 + e^-x).
 *   - FANN_ERRORFUNC_LINEAR (FANN's default is the tanh error function, which
 *     `rprop` trains with too: it scales each output's error e to
 *     ln((1 + e)/(1 − e)), about ±17 at |e| > 0.9999999).
 *   - FANN_TRAIN_BATCH, learning rate 0.7: one update per epoch,
 *     w += (α/m)·Σ δ·x, the lecture's batch gradient descent on
 *     Cost = 1/(2m) Σ (y − ŷ)². FANN keeps α as a float (0.7f).
 *   - momentum 0 (FANN's default).
 *   - FANN_TRAIN_RPROP (FANN's default algorithm, iRPROP− with FANN's default
 *     constants) is timed too, and trained in `quality`.
 * Only the loops are timed: network creation, weight loading and data reading
 * are outside the clock.
 */
#include <doublefann.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WORKLOADS 16
#define MAX_PARAMS 16384 /* mushroom 125-32-2 has 4,098 */

struct workload {
  char name[64];
  unsigned int inputs, hidden, outputs;
  char data[1024], weights[1024];
  long train_epochs, predict_examples;
  double params[MAX_PARAMS];
  int param_count;
  struct fann_train_data *train;
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Reads w->weights into w->params. */
static void load_params(struct workload *w) {
  FILE *g = fopen(w->weights, "r");
  if (!g) { perror(w->weights); exit(1); }
  w->param_count = 0;
  while (w->param_count < MAX_PARAMS && fscanf(g, "%lf", &w->params[w->param_count]) == 1)
    w->param_count++;
  fclose(g);
}

static int read_workloads(const char *path, struct workload *w) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(1); }
  int n = 0;
  while (n < MAX_WORKLOADS &&
         fscanf(f, "%63s %u %u %u %1023s %1023s %ld %ld", w[n].name, &w[n].inputs, &w[n].hidden,
                &w[n].outputs, w[n].data, w[n].weights, &w[n].train_epochs,
                &w[n].predict_examples) == 8) {
    load_params(&w[n]);
    w[n].train = fann_read_train_from_file(w[n].data);
    if (!w[n].train) { fprintf(stderr, "cannot read %s\n", w[n].data); exit(1); }
    n++;
  }
  fclose(f);
  return n;
}

/* Where FANN keeps a network's parameters. FANN numbers neurons layer by
 * layer, each layer followed by its bias neuron; a connection goes from
 * neuron `from_neuron` of layer L-1 to `to_neuron` of L. */
struct layout {
  unsigned int layers, sizes[8], offset[8], base[8], params;
};

static struct layout layout_of(struct fann *ann) {
  struct layout y = {.layers = fann_get_num_layers(ann)};
  fann_get_layer_array(ann, y.sizes);
  unsigned int total = 0;
  for (unsigned int l = 0; l < y.layers; l++) {
    y.offset[l] = total;
    total += y.sizes[l] + 1;
    if (l > 0) {
      y.base[l] = y.params;
      y.params += y.sizes[l] * y.sizes[l - 1] + y.sizes[l];
    }
  }
  return y;
}

/* The index in SIMDNet's parameter order (weights row by row, then biases,
 * layer by layer) of connection `c`. */
static unsigned int parameter_index(const struct layout *y, const struct fann_connection *c) {
  unsigned int L = 1;
  while (L + 1 < y->layers && c->to_neuron >= y->offset[L + 1]) L++;
  unsigned int j = c->to_neuron - y->offset[L];
  unsigned int i = c->from_neuron - y->offset[L - 1];
  return i == y->sizes[L - 1] ? y->base[L] + y->sizes[L] * y->sizes[L - 1] + j /* bias */
                              : y->base[L] + j * y->sizes[L - 1] + i;
}

/* Sets every weight of `ann` from SIMDNet-ordered parameters.
 *
 * fann_get_connection_array lists connection k with weight ann->weights[k], so
 * the weights are written there directly: fann_set_weight_array searches all
 * connections for each one it sets, which takes ~8 ms for mushroom's 4,098
 * and would count in the start-up of the tool rows' whole-process timings. The
 * connection array read back afterwards must hold the wanted weights. */
static void set_weights(struct fann *ann, const struct workload *w) {
  struct layout y = layout_of(ann);
  if ((int)y.params != w->param_count) {
    fprintf(stderr, "%s: %u parameters, weights file has %d\n", w->name, y.params,
            w->param_count);
    exit(1);
  }
  unsigned int count = fann_get_total_connections(ann);
  struct fann_connection *c = malloc(count * sizeof *c);
  fann_get_connection_array(ann, c);
  for (unsigned int k = 0; k < count; k++) ann->weights[k] = w->params[parameter_index(&y, &c[k])];
  fann_get_connection_array(ann, c);
  for (unsigned int k = 0; k < count; k++) {
    if (c[k].weight != w->params[parameter_index(&y, &c[k])]) {
      fprintf(stderr, "%s: FANN's connection order is not its weight order\n", w->name);
      exit(1);
    }
  }
  free(c);
}

/* The same parameters read back in SIMDNet's order. */
static void get_params(struct fann *ann, double *out) {
  struct layout y = layout_of(ann);
  unsigned int count = fann_get_total_connections(ann);
  struct fann_connection *c = malloc(count * sizeof *c);
  fann_get_connection_array(ann, c);
  for (unsigned int k = 0; k < count; k++) out[parameter_index(&y, &c[k])] = c[k].weight;
  free(c);
}

static struct fann *make_ann_with(const struct workload *w, enum fann_train_enum algorithm,
                                  enum fann_errorfunc_enum error_function) {
  struct fann *ann = w->hidden ? fann_create_standard(3, w->inputs, w->hidden, w->outputs)
                               : fann_create_standard(2, w->inputs, w->outputs);
  fann_set_activation_function_hidden(ann, FANN_SIGMOID);
  fann_set_activation_function_output(ann, FANN_SIGMOID);
  fann_set_activation_steepness_hidden(ann, 0.5);
  fann_set_activation_steepness_output(ann, 0.5);
  fann_set_train_error_function(ann, error_function);
  fann_set_training_algorithm(ann, algorithm);
  fann_set_learning_rate(ann, 0.7f);
  fann_set_learning_momentum(ann, 0.0f);
  set_weights(ann, w);
  return ann;
}

static struct fann *make_ann(const struct workload *w, enum fann_train_enum algorithm) {
  return make_ann_with(w, algorithm, FANN_ERRORFUNC_LINEAR);
}

/* Epochs per second, best of `reps` runs of w->train_epochs epochs, each
 * from the initial weights on a fresh network. */
static double time_training(const struct workload *w, enum fann_train_enum algorithm, int reps) {
  double best = 1e300, sink = 0;
  for (int r = 0; r < reps; r++) {
    struct fann *ann = make_ann(w, algorithm);
    double start = now();
    for (long e = 0; e < w->train_epochs; e++) fann_train_epoch(ann, w->train);
    double elapsed = now() - start;
    sink += fann_get_MSE(ann);
    if (elapsed < best) best = elapsed;
    fann_destroy(ann);
  }
  if (sink != sink) fprintf(stderr, "(NaN)\n");
  return (double)w->train_epochs / best;
}

/* Predictions per second: fann_run on one example at a time, cycling
 * through the data set. */
static double time_prediction(const struct workload *w, int reps) {
  double best = 1e300, sink = 0;
  struct fann *ann = make_ann(w, FANN_TRAIN_BATCH);
  unsigned int m = w->train->num_data;
  for (int r = 0; r < reps; r++) {
    unsigned int e = 0;
    double start = now();
    for (long n = 0; n < w->predict_examples; n++) {
      fann_type *out = fann_run(ann, w->train->input[e]);
      for (unsigned int k = 0; k < w->outputs; k++) sink += out[k];
      if (++e == m) e = 0;
    }
    double elapsed = now() - start;
    if (elapsed < best) best = elapsed;
  }
  fann_destroy(ann);
  if (sink != sink) fprintf(stderr, "(NaN)\n");
  return (double)w->predict_examples / best;
}

/* The lecture's cost 1/(2m) Σ_examples Σ_outputs (y − ŷ)², accumulated in
 * double (FANN's own MSE accumulates in float). */
static double cost(struct fann *ann, const struct workload *w) {
  double total = 0;
  for (unsigned int n = 0; n < w->train->num_data; n++) {
    fann_type *out = fann_run(ann, w->train->input[n]);
    for (unsigned int k = 0; k < w->outputs; k++) {
      double d = w->train->output[n][k] - out[k];
      total += d * d;
    }
  }
  return total / (2.0 * w->train->num_data);
}

/* Accuracy and cost of `ann` on `data`, in double, one example at a time in
 * file order (simdnet-compare's `evaluate` does the same from `predict`):
 * cost = 1/(2m) Σ_n Σ_k (y − ŷ)²; an example is right when argmax ŷ = argmax y
 * (several outputs; the first maximum wins) or when (ŷ ≥ 0.5) = (y ≥ 0.5)
 * (one output). */
static void evaluate(struct fann *ann, struct fann_train_data *data, double *accuracy,
                     double *cost_out) {
  unsigned int K = fann_get_num_output(ann), right = 0;
  double total = 0;
  for (unsigned int n = 0; n < data->num_data; n++) {
    fann_type *out = fann_run(ann, data->input[n]);
    fann_type *y = data->output[n];
    for (unsigned int k = 0; k < K; k++) {
      double d = y[k] - out[k];
      total += d * d;
    }
    if (K == 1) {
      right += (out[0] >= 0.5) == (y[0] >= 0.5);
    } else {
      unsigned int a = 0, b = 0;
      for (unsigned int k = 1; k < K; k++) {
        if (out[k] > out[a]) a = k;
        if (y[k] > y[b]) b = k;
      }
      right += a == b;
    }
  }
  *accuracy = (double)right / data->num_data;
  *cost_out = total / (2.0 * data->num_data);
}

/* One way of training for `quality`: the algorithm, the error function, and
 * the SIDE name printed. */
struct training {
  enum fann_train_enum algorithm;
  enum fann_errorfunc_enum error_function;
  const char *side;
};

/* `quality RUNS` and `rprop RUNS`: each line of RUNS is
 *   dataset seed inputs hidden outputs train-file test-file weights-file epochs
 * (epochs: comma-separated checkpoints). Each run trains from the weights in
 * each of the `count` ways of `trainings` (FANN's defaults otherwise: α 0.7f
 * for FANN_TRAIN_BATCH, FANN's RPROP constants) and prints, at each checkpoint,
 *   quality DATASET SEED SIDE EPOCHS test-acc test-cost train-acc train-cost */
static void quality(const char *path, const struct training *trainings, unsigned int count) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(1); }
  static struct workload w;
  char dataset[64], seed[64], test_path[1024], marks[256];
  while (fscanf(f, "%63s %63s %u %u %u %1023s %1023s %1023s %255s", dataset, seed, &w.inputs,
                &w.hidden, &w.outputs, w.data, test_path, w.weights, marks) == 9) {
    snprintf(w.name, sizeof w.name, "%s", dataset);
    load_params(&w);
    w.train = fann_read_train_from_file(w.data);
    struct fann_train_data *test = fann_read_train_from_file(test_path);
    if (!w.train || !test) { fprintf(stderr, "cannot read %s or %s\n", w.data, test_path); exit(1); }
    for (unsigned int a = 0; a < count; a++) {
      struct fann *ann = make_ann_with(&w, trainings[a].algorithm, trainings[a].error_function);
      long done = 0;
      char copy[256];
      snprintf(copy, sizeof copy, "%s", marks);
      for (char *mark = strtok(copy, ","); mark; mark = strtok(NULL, ",")) {
        for (long target = atol(mark); done < target; done++) fann_train_epoch(ann, w.train);
        double test_accuracy, test_cost, train_accuracy, train_cost;
        evaluate(ann, test, &test_accuracy, &test_cost);
        evaluate(ann, w.train, &train_accuracy, &train_cost);
        printf("quality %s %s %s %ld %.17g %.17g %.17g %.17g\n", dataset, seed, trainings[a].side,
               done, test_accuracy, test_cost, train_accuracy, train_cost);
      }
      fann_destroy(ann);
    }
    fflush(stdout);
    fann_destroy_train(w.train);
    fann_destroy_train(test);
  }
  fclose(f);
}

/* A workload of shape I H O with the weights file `path`, for `evaluate` and
 * `predict`; no data. */
static void shape_workload(struct workload *w, char **shape, const char *path) {
  char *end;
  unsigned long v[3];
  for (int k = 0; k < 3; k++) {
    v[k] = strtoul(shape[k], &end, 10);
    if (*end || end == shape[k] || (k != 1 && v[k] == 0)) {
      fprintf(stderr, "fann-driver: bad shape %s %s %s (inputs hidden outputs; hidden 0: none)\n",
              shape[0], shape[1], shape[2]);
      exit(2);
    }
  }
  snprintf(w->name, sizeof w->name, "%lu-%lu-%lu", v[0], v[1], v[2]);
  w->inputs = (unsigned int)v[0];
  w->hidden = (unsigned int)v[1];
  w->outputs = (unsigned int)v[2];
  snprintf(w->weights, sizeof w->weights, "%s", path);
  load_params(w);
}

/* `evaluate`: what `simdnet evaluate` computes, the cost 1/(2m) Σ Σ (y − ŷ)² and
 * the accuracy, with FANN reading the data file. */
static int evaluate_file(char **shape, const char *weights, const char *data) {
  static struct workload w;
  shape_workload(&w, shape, weights);
  struct fann_train_data *d = fann_read_train_from_file(data);
  if (!d) { fprintf(stderr, "fann-driver: cannot read %s\n", data); return 1; }
  if (fann_num_input_train_data(d) != w.inputs || fann_num_output_train_data(d) != w.outputs) {
    fprintf(stderr, "fann-driver: %s has %u inputs and %u outputs, the network is %s\n", data,
            fann_num_input_train_data(d), fann_num_output_train_data(d), w.name);
    return 1;
  }
  struct fann *ann = make_ann(&w, FANN_TRAIN_BATCH);
  double accuracy, c;
  evaluate(ann, d, &accuracy, &c);
  printf("cost %.17g accuracy %.17g examples %u\n", c, accuracy, fann_length_train_data(d));
  fann_destroy(ann);
  fann_destroy_train(d);
  return 0;
}

/* `predict`: `simdnet predict`'s job in C. Each stdin line is the inputs,
 * comma-separated (spaces around them allowed); each output line the outputs,
 * comma-separated, with "%.17g". A bad line stops the run with an error naming
 * it. */
static int predict_lines(char **shape, const char *weights) {
  static struct workload w;
  shape_workload(&w, shape, weights);
  struct fann *ann = make_ann(&w, FANN_TRAIN_BATCH);
  fann_type *x = malloc(w.inputs * sizeof *x);
  char *line = NULL;
  size_t capacity = 0;
  long number = 0;
  while (getline(&line, &capacity, stdin) != -1) {
    number++;
    char *p = line;
    for (unsigned int i = 0; i < w.inputs; i++) {
      char *end;
      x[i] = strtod(p, &end);
      while (*end == ' ' || *end == '\t') end++;
      char want = i + 1 < w.inputs ? ',' : '\0';
      if (end == p || !(*end == want || (want == '\0' && (*end == '\n' || *end == '\r')))) {
        fprintf(stderr, "fann-driver: stdin line %ld: expected %u comma-separated numbers\n",
                number, w.inputs);
        return 1;
      }
      p = end + 1;
    }
    fann_type *y = fann_run(ann, x);
    for (unsigned int k = 0; k < w.outputs; k++)
      printf(k + 1 < w.outputs ? "%.17g," : "%.17g\n", y[k]);
  }
  free(line);
  free(x);
  fann_destroy(ann);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "weights") == 0) {
    long count = atol(argv[2]);
    unsigned long long state = strtoull(argv[3], NULL, 10) * 2654435761ULL + 1;
    for (long k = 0; k < count; k++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL; /* PCG's LCG */
      double u = (double)(state >> 11) * 0x1.0p-53;                   /* [0, 1) */
      printf("%.17g\n", 2 * u - 1);
    }
    return 0;
  }
  static struct workload w[MAX_WORKLOADS];
  if (argc >= 4 && strcmp(argv[1], "bench") == 0) {
    int n = read_workloads(argv[2], w), reps = atoi(argv[3]);
    for (int k = 0; k < n; k++) {
      /* A count of 0 leaves that part out (the tool rows' held-back workloads). */
      if (w[k].train_epochs > 0) {
        printf("%s train fann-batch %.6g\n", w[k].name, time_training(&w[k], FANN_TRAIN_BATCH, reps));
        fflush(stdout);
        printf("%s train fann-rprop %.6g\n", w[k].name, time_training(&w[k], FANN_TRAIN_RPROP, reps));
      }
      if (w[k].predict_examples > 0)
        printf("%s predict fann %.6g\n", w[k].name, time_prediction(&w[k], reps));
      fflush(stdout);
    }
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "check") == 0) {
    int n = read_workloads(argv[2], w);
    static const long marks[] = {0, 1, 100, 1000};
    for (int k = 0; k < n; k++) {
      struct fann *ann = make_ann(&w[k], FANN_TRAIN_BATCH);
      long done = 0;
      for (unsigned int s = 0; s < sizeof marks / sizeof *marks; s++) {
        for (; done < marks[s]; done++) fann_train_epoch(ann, w[k].train);
        /* FANN's MSE: mean over examples AND outputs of (y − ŷ)², in float. */
        float mse = fann_test_data(ann, w[k].train);
        printf("%s check %ld fann cost %.17g\n", w[k].name, done, cost(ann, &w[k]));
        printf("%s check %ld fann fann_mse %.9g\n", w[k].name, done, (double)mse);
        double p[MAX_PARAMS];
        get_params(ann, p);
        printf("%s check %ld fann params", w[k].name, done);
        for (int i = 0; i < w[k].param_count; i++) printf(" %.17g", p[i]);
        printf("\n");
      }
      fann_destroy(ann);
    }
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "quality") == 0) {
    static const struct training trainings[] = {
        {FANN_TRAIN_BATCH, FANN_ERRORFUNC_LINEAR, "fann-batch"},
        {FANN_TRAIN_RPROP, FANN_ERRORFUNC_LINEAR, "fann-rprop"}};
    quality(argv[2], trainings, 2);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "rprop") == 0) {
    static const struct training trainings[] = {
        {FANN_TRAIN_RPROP, FANN_ERRORFUNC_TANH, "fann-rprop-tanh"},
        {FANN_TRAIN_RPROP, FANN_ERRORFUNC_LINEAR, "fann-rprop-linear"}};
    quality(argv[2], trainings, 2);
    return 0;
  }
  if (argc == 7 && strcmp(argv[1], "evaluate") == 0) return evaluate_file(argv + 2, argv[5], argv[6]);
  if (argc == 6 && strcmp(argv[1], "predict") == 0) return predict_lines(argv + 2, argv[5]);
  fprintf(stderr,
          "usage: fann-driver weights COUNT SEED | bench WORKLOADS REPS | check WORKLOADS"
          " | quality RUNS | rprop RUNS | evaluate I H O WEIGHTS DATA | predict I H O WEIGHTS <INPUTS\n");
  return 2;
}
