# Generates a C++ source holding every lims/migrations/NNN_name.sql as a raw string, so the
# server carries its schema and never depends on files at run time. Run in script mode:
#   cmake -DOUT=file.cpp -DFILES="a.sql|b.sql" -P EmbedMigrations.cmake
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(f ${FILES})
  get_filename_component(base ${f} NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${base})
  set(version ${CMAKE_MATCH_1})
  set(name ${CMAKE_MATCH_2})
  math(EXPR version "${version} + 0")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"natlims_sql(${sql})natlims_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from lims/migrations by cmake/EmbedMigrations.cmake. Do not edit.\n#include \"store/Migrations.h\"\n\nnamespace natlims::lims {\n\nconst std::vector<Migration>& embeddedMigrations() {\n  static const std::vector<Migration> kAll{\n${body}  };\n  return kAll;\n}\n\n}  // namespace natlims::lims\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
