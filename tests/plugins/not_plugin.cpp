// An ordinary shared library, named like a plugin.
extern "C" __attribute__((visibility("default"))) int add_numbers(int a, int b) { return a + b; }
