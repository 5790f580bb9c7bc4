// The README's library example, built against the installed normname.
#include <normname/normname.hpp>
#include <iostream>

int main() {
  const normname::Context nn;  // built-in tables; share it across threads
  std::cout << nn.transliterate("Александар Вучић", "sr-latn") << '\n';  // Aleksandar Vučić
  std::cout << nn.key("Александр Вучич") << '\n';                        // aleksandr vuchich
  normname::Match m = nn.match("Vucic", "Вучић");
  std::cout << m.score << ' ' << m.same << ' ' << m.explanation << '\n';
  if (auto r = nn.resolve("Beograd"); r.id) std::cout << *r.id << '\n';  // Q3711
}
