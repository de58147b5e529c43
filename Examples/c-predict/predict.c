/*
 * A C program with a SIMDNet network compiled in: reads one example per
 * line on stdin (iris_INPUTS comma-separated numbers), prints its outputs
 * (comma-separated, %.17g: they read back to the same bits). A bad line gets
 * an error on stderr, and the exit status is then 1. See README.md.
 *
 *   gcc -O2 -I iris Examples/c-predict/predict.c iris/libiris.a -lm -o predict
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iris.h"

int main(void) {
  char line[4096];
  double inputs[iris_INPUTS], outputs[iris_OUTPUTS];
  long number = 0;
  int status = 0;
  while (fgets(line, sizeof line, stdin)) {
    number++;
    char *field = line, *end;
    int count = 0;
    for (; count < iris_INPUTS; count++) {
      inputs[count] = strtod(field, &end);
      if (end == field) break; /* not a number */
      while (*end == ' ') end++;
      if (*end != (count + 1 < iris_INPUTS ? ',' : '\n') && !(count + 1 == iris_INPUTS && *end == 0))
        break;
      field = end + 1;
    }
    if (count < iris_INPUTS) {
      fprintf(stderr, "stdin:%ld: expected %d comma-separated numbers\n", number, iris_INPUTS);
      status = 1;
      continue;
    }
    iris_predict(inputs, outputs);
    for (int k = 0; k < iris_OUTPUTS; k++) printf("%s%.17g", k ? "," : "", outputs[k]);
    putchar('\n');
  }
  return status;
}
