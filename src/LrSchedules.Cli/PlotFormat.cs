namespace LrSchedules.Cli;

/// <summary>The image format of <c>lrs plot --out</c>, given by the file's extension.</summary>
internal enum PlotFormat
{
    /// <summary><c>.png</c>: a raster image.</summary>
    Png,

    /// <summary><c>.svg</c>: a vector image, text as <c>&lt;text&gt;</c> elements.</summary>
    Svg,
}
