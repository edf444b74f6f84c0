#pragma once

#include <cairo.h>

#include <string>
#include <string_view>

namespace natlims::labels {

/// The label font: one face of a TrueType/OpenType file loaded with FreeType and handed to cairo.
/// Non-copyable; not thread-safe (one per LabelMaker). Throws ConfigError (field
/// "labels.font_file") when the file cannot be loaded.
class LabelFont {
 public:
  explicit LabelFont(const std::string& path);
  ~LabelFont();
  LabelFont(const LabelFont&) = delete;
  LabelFont& operator=(const LabelFont&) = delete;

  cairo_font_face_t* face() const { return _face; }
  const std::string& familyName() const { return _family; }

  /// The first code point of UTF-8 `text` the font has no glyph for, as UTF-8; empty when the
  /// font can draw all of it. `text` must be valid UTF-8.
  std::string firstMissingCharacter(std::string_view text) const;

  struct FreeTypeHandles;  // defined in LabelFont.cpp

 private:
  FreeTypeHandles* _ft = nullptr;  // owned by _face's user data once _face exists
  cairo_font_face_t* _face = nullptr;
  std::string _family;
};

}  // namespace natlims::labels
