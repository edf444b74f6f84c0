#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/labels/LabelContent.h"

namespace natlims::labels {

class LabelMaker;

enum class OutputFormat { Png, Svg, Zpl, Pdf };

/// "png", "svg", "zpl", "pdf" (lower case only), or nothing.
std::optional<OutputFormat> parseOutputFormat(std::string_view name);
std::string_view outputFormatName(OutputFormat format);

/// Makes the labels of `contents` in `format` and writes them to `out`:
/// - png, svg: `out` is a folder (created when missing; its parent must exist) that receives one
///   file per label named after its code ("T3K79QW4XA.png");
/// - zpl, pdf: `out` is one file, or `standardOutput` when `out` is "-" (for `lp -o raw`).
/// Every label is made and verified before anything is written, and files are staged and renamed
/// into place together: on any error (ContentError, VerificationError, OutputError) nothing is
/// left half-written. A batch naming one code twice is refused (ContentError, field "codes"):
/// two tubes with one code would mix up the results of their people. Returns the files written.
std::vector<std::string> writeLabels(LabelMaker& maker, OutputFormat format, const std::vector<LabelContent>& contents,
                                     const std::string& out, std::ostream& standardOutput);

}  // namespace natlims::labels
