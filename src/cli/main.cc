#include <cstdio>
int main() { std::puts("growloop"); return 0; }
