# natlims_warnings: an interface target every natlims target links PRIVATE, so that warnings
# (and -Werror in the test build) apply to our code only, never to Debian's headers.
add_library(natlims_warnings INTERFACE)
target_compile_options(natlims_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local
  -Wno-missing-field-initializers
  # GCC 12 reports false -Wrestrict positives inside libstdc++ string code (GCC bug 105329).
  -Wno-restrict)
if(NATLIMS_WERROR)
  target_compile_options(natlims_warnings INTERFACE -Werror)
endif()
