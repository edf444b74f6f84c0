#include "LabelFont.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

// cairo may keep a font face alive in its caches after we drop our reference, and the FT_Face
// must live as long as cairo uses it; so the FreeType library and face are released by cairo's
// user-data destructor, not by ~LabelFont. Each LabelFont has its own FT_Library because an
// FT_Library must not be used from two threads at once.
struct LabelFont::FreeTypeHandles {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  ~FreeTypeHandles() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }
};

namespace {

const cairo_user_data_key_t kFreeTypeKey{};

void releaseFreeType(void* data) { delete static_cast<LabelFont::FreeTypeHandles*>(data); }

// Decodes one code point of valid UTF-8 at text[i] and advances i.
char32_t nextCodePoint(std::string_view text, std::size_t& i) {
  const auto b = static_cast<unsigned char>(text[i]);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  ++i;
  while (extra-- > 0 && i < text.size()) cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  return cp;
}

}  // namespace

LabelFont::LabelFont(const std::string& path) {
  auto* ft = new FreeTypeHandles;
  if (FT_Init_FreeType(&ft->library) != 0) {
    delete ft;
    throw ConfigError("labels.font_file: cannot initialise FreeType", "labels.font_file");
  }
  if (FT_New_Face(ft->library, path.c_str(), 0, &ft->face) != 0) {
    delete ft;
    throw ConfigError("labels.font_file: cannot load font " + path +
                          " (Debian package fonts-wqy-microhei provides the default)",
                      "labels.font_file");
  }
  _family = ft->face->family_name ? ft->face->family_name : "";
  _face = cairo_ft_font_face_create_for_ft_face(ft->face, 0);
  if (cairo_font_face_set_user_data(_face, &kFreeTypeKey, ft, releaseFreeType) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(_face);
    delete ft;
    throw ConfigError("labels.font_file: cairo cannot use font " + path, "labels.font_file");
  }
  _ft = ft;
}

LabelFont::~LabelFont() { cairo_font_face_destroy(_face); }

std::string LabelFont::firstMissingCharacter(std::string_view text) const {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const char32_t cp = nextCodePoint(text, i);
    if (cp == U' ') continue;
    if (FT_Get_Char_Index(_ft->face, cp) == 0) return std::string(text.substr(start, i - start));
  }
  return {};
}

}  // namespace natlims::labels
