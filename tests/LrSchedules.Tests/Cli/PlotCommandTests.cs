using System.Xml.Linq;
using FluentAssertions;
using LrSchedules.Cli;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// <c>lrs plot</c> renders real files: PNGs are decoded and the curve is found where the values put it (through the data
/// area and axis ranges the renderer reports, cross-checked against the frame drawn in the image); SVGs are parsed as XML.
/// </summary>
public sealed class PlotCommandTests : IDisposable
{
    private const string Linear = """{"type":"linear","initial_value":0.1,"final_value":0.02,"transition_steps":100}""";
    private const string Warmup = """{"type":"warmup","warmup_steps":300,"schedule":{"type":"constant","value":0.05}}""";
    private const string TorchGroups = """{"type":"torch.StepLR","lr":[0.1,0.05,0.01],"args":{"step_size":30,"gamma":0.5}}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-plot-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Png_has_the_requested_size_and_the_curve_where_the_values_map()
    {
        string path = Path.Combine(_dir, "linear.png");
        var layout = Plot(new PlotOptions([Linear], null, 101, 0, path, false, null, 640, 360));
        var schedule = ScheduleSpec.Parse(Linear);

        using var image = PlotImage.Load(path, layout);
        image.Width.Should().Be(640);
        image.Height.Should().Be(360);
        layout.LineColors.Should().ContainSingle();
        layout.XMin.Should().BeLessThan(0).And.BeGreaterThan(-5);
        layout.XMax.Should().BeGreaterThan(100).And.BeLessThan(105);
        layout.YMin.Should().BeLessThan(0);
        layout.YMax.Should().BeApproximately(0.105, 1e-9);
        AssertFrameAtLayout(image);

        uint color = layout.LineColors[0];
        foreach (long step in new long[] { 0, 10, 25, 50, 75, 90, 100 })
        {
            double value = schedule.GetLearningRate(step);
            double x = image.Column(step), y = image.Row(value);
            image.HasColorNear(x, y, color, 3).Should().BeTrue("the curve passes step {0} at value {1}, pixel ({2:F1}, {3:F1})", step, value, x, y);
            image.RowsWithColor(x, color).Should().NotContain(r => Math.Abs(r - y) > 4, "column {0} holds the curve only near row {1:F1}", x, y);
        }
    }

    [Fact]
    public void Png_with_log_y_maps_the_log_of_the_value()
    {
        const string spec = """{"type":"exponential","initial_value":0.1,"decay_rate":0.1,"transition_steps":100}""";
        string path = Path.Combine(_dir, "log.png");
        var layout = Plot(new PlotOptions([spec], null, 401, 0, path, true, null));
        var schedule = ScheduleSpec.Parse(spec);

        using var image = PlotImage.Load(path, layout, logY: true);
        layout.YMax.Should().BeApproximately(-1, 0.2);
        layout.YMin.Should().BeApproximately(-5, 0.2);
        foreach (long step in new long[] { 0, 100, 150, 200, 300, 400 })
        {
            double value = schedule.GetLearningRate(step);
            image.HasColorNear(image.Column(step), image.Row(value), layout.LineColors[0], 3).Should().BeTrue("step {0} has value {1}", step, value);
        }
    }

    [Fact]
    public void Log_y_leaves_gaps_where_the_value_is_0()
    {
        // 0 for steps 0..49, then 0.01: the line starts at step 50.
        const string spec = """{"type":"piecewise_constant","boundaries":[50],"values":[0,0.01]}""";
        string path = Path.Combine(_dir, "gap.png");
        var layout = Plot(new PlotOptions([spec], null, 100, 0, path, true, null));

        using var image = PlotImage.Load(path, layout, logY: true);
        image.RowsWithColor(image.Column(25), layout.LineColors[0]).Should().BeEmpty();
        image.HasColorNear(image.Column(75), image.Row(0.01), layout.LineColors[0], 3).Should().BeTrue();
    }

    [Fact]
    public void Downsampling_keeps_a_one_step_spike_among_a_million_steps()
    {
        const string spec = """{"type":"piecewise_constant","boundaries":[654321,654322],"values":[0.01,0.1,0.01]}""";
        string path = Path.Combine(_dir, "spike.png");
        var layout = Plot(new PlotOptions([spec], null, 1_000_000, 0, path, false, null));

        using var image = PlotImage.Load(path, layout);
        image.HasColorNear(image.Column(654321), image.Row(0.1), layout.LineColors[0], 3).Should().BeTrue("the spike reaches 0.1");
        image.RowsWithColor(image.Column(200_000), layout.LineColors[0]).Should().NotBeEmpty().And.OnlyContain(r => Math.Abs(r - image.Row(0.01)) <= 4);
    }

    [Fact]
    public void Phase_boundaries_are_dashed_vertical_lines_in_the_line_colour()
    {
        string path = Path.Combine(_dir, "warmup.png");
        var layout = Plot(new PlotOptions([Warmup], null, 1000, 0, path, false, null));

        using var image = PlotImage.Load(path, layout);
        uint marker = Blend(layout.LineColors[0], 0.7);
        int rows = (int)(layout.Bottom - layout.Top);
        int atBoundary = Enumerable.Range(-1, 3).Max(dx => image.RowsWithColor(image.Column(300) + dx, marker).Count);
        atBoundary.Should().BeInRange(rows / 4, rows * 9 / 10, "a dashed line runs the height of the data area at step 300");
        image.RowsWithColor(image.Column(600), marker).Should().HaveCountLessThan(10, "no boundary at step 600");
    }

    [Fact]
    public void Text_renders_with_the_embedded_font()
    {
        string path = Path.Combine(_dir, "title.png");
        var layout = Plot(new PlotOptions([Linear], null, 101, 0, path, false, "A title"));

        using var image = PlotImage.Load(path, layout);
        image.DarkPixels(0, 0, image.Width, (int)layout.Top - 2).Should().BeGreaterThan(50, "the title is drawn above the data area");
        image.DarkPixels(0, (int)layout.Bottom + 2, image.Width, image.Height).Should().BeGreaterThan(100, "tick labels and the x label are drawn below it");
        image.DarkPixels(0, 0, (int)layout.Left - 2, image.Height).Should().BeGreaterThan(100, "tick labels and the y label are drawn left of it");
    }

    [Fact]
    public void Svg_is_xml_with_paths_title_axis_labels_and_legend_text()
    {
        string path = Path.Combine(_dir, "overlay.svg");
        var result = Lrs.Run("plot", "--spec", Linear, "--spec", Warmup, "--steps", "400", "--out", path, "--title", "Two schedules");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().BeEmpty();
        var svg = XDocument.Load(path);
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.Should().Be(ns + "svg");
        svg.Root.Attribute("width")!.Value.Should().Be("800");
        svg.Root.Attribute("height")!.Value.Should().Be("450");
        svg.Descendants(ns + "path").Should().HaveCountGreaterThan(5);
        var texts = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        texts.Should().Contain(["Two schedules", "step", "learning rate", "linear", "warmup/constant"]);
        svg.Descendants(ns + "text").Select(t => t.Attribute("font-family")?.Value).Should().AllBe(EmbeddedFont.Family);
    }

    [Fact]
    public void Torch_spec_with_groups_draws_one_line_per_group()
    {
        string path = Path.Combine(_dir, "groups.svg");
        var layout = Plot(new PlotOptions([TorchGroups], null, 100, 0, path, false, null));

        layout.LineColors.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        var texts = XDocument.Load(path).Descendants("{http://www.w3.org/2000/svg}text").Select(t => t.Value.Trim()).ToList();
        texts.Should().Contain(["torch.StepLR group 0", "torch.StepLR group 1", "torch.StepLR group 2"]);
    }

    [Fact]
    public void Group_lines_are_where_each_group_is()
    {
        string path = Path.Combine(_dir, "groups.png");
        var layout = Plot(new PlotOptions([TorchGroups], null, 100, 0, path, false, null));

        using var image = PlotImage.Load(path, layout);
        double[] atStep45 = [0.05, 0.025, 0.005];
        for (int g = 0; g < 3; g++)
        {
            image.HasColorNear(image.Column(45), image.Row(atStep45[g]), layout.LineColors[g], 3).Should().BeTrue("group {0} is at {1} at step 45", g, atStep45[g]);
        }
    }

    [Fact]
    public void Labels_name_the_lines_in_order()
    {
        string path = Path.Combine(_dir, "labels.svg");
        var result = Lrs.Run("plot", "--spec", Linear, "--label", "mine", "--steps", "100", "--out", path);

        result.ExitCode.Should().Be(0, result.Stderr);
        XDocument.Load(path).Descendants("{http://www.w3.org/2000/svg}text").Select(t => t.Value.Trim()).Should().Contain("mine");
    }

    [Fact]
    public void Plot_through_the_command_line_writes_a_png_of_the_given_size()
    {
        string path = Path.Combine(_dir, "cli.PNG");
        var result = Lrs.Run("plot", "--spec", Warmup, "--steps", "1000", "--start", "100", "--out", path, "--width", "1024", "--height", "300", "--log-y");

        result.ExitCode.Should().Be(0, result.Stderr);
        using var bitmap = SkiaSharp.SKBitmap.Decode(path);
        bitmap.Width.Should().Be(1024);
        bitmap.Height.Should().Be(300);
    }

    [Fact]
    public void Spec_from_standard_input()
    {
        string path = Path.Combine(_dir, "stdin.png");
        using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Linear));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = LrsApp.Run(["plot", "--spec", "@-", "--steps", "50", "--out", path], stdin, stdout, stderr);

        code.Should().Be(0, stderr.ToString());
        File.Exists(path).Should().BeTrue();
    }

    public static TheoryData<string, string[], string[]> BadInputs()
    {
        // Fixed and relative, so the test IDs are the same at discovery and at run time.
        const string missingFolder = "lrs-plot-no-such-folder/out.png";
        return new()
        {
            { "unknown extension", ["plot", "--spec", Linear, "--steps", "10", "--out", "out.jpg"], ["--out", ".png", ".svg", "out.jpg"] },
            { "no extension", ["plot", "--spec", Linear, "--steps", "10", "--out", "out"], ["--out", ".png", ".svg"] },
            { "missing folder", ["plot", "--spec", Linear, "--steps", "10", "--out", missingFolder], ["--out", "cannot write", "does not exist"] },
            { "bad spec", ["plot", "--spec", Linear, "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":0}""", "--steps", "10", "--out", "x.png"], ["--spec #2", "$.decay_steps", "[1, 9223372036854775807]"] },
            { "width 0", ["plot", "--spec", Linear, "--steps", "10", "--out", "x.png", "--width", "0"], ["--width", "[320, 7680]", "0"] },
            { "width too large", ["plot", "--spec", Linear, "--steps", "10", "--out", "x.png", "--width", "100000"], ["--width", "[320, 7680]"] },
            { "height not a number", ["plot", "--spec", Linear, "--steps", "10", "--out", "x.png", "--height", "tall"], ["--height", "[240, 4320]", "tall"] },
            { "steps 0", ["plot", "--spec", Linear, "--steps", "0", "--out", "x.png"], ["--steps", "[1, 1000000000]", "0"] },
            { "steps missing", ["plot", "--spec", Linear, "--out", "x.png"], ["--steps", "required"] },
            { "out missing", ["plot", "--spec", Linear, "--steps", "10"], ["--out", "required"] },
            { "spec missing", ["plot", "--steps", "10", "--out", "x.png"], ["--spec", "required"] },
            { "labels do not match the specs", ["plot", "--spec", Linear, "--spec", Warmup, "--label", "a", "--steps", "10", "--out", "x.png"], ["--label", "one per --spec", "2", "1"] },
            { "start plus steps overflows", ["plot", "--spec", Linear, "--steps", "10", "--start", "9223372036854775800", "--out", "x.png"], ["--start", "--steps"] },
            { "log-y of a schedule that is 0 throughout", ["plot", "--spec", """{"type":"constant","value":0}""", "--steps", "10", "--out", "x.png", "--log-y"], ["--log-y", "--spec", "0 at every plotted step"] },
            { "too many lines", ["plot", .. Enumerable.Range(0, 7).SelectMany(_ => new[] { "--spec", TorchGroups }), "--steps", "10", "--out", "x.png"], ["--spec", "at most 20 lines", "21"] },
            { "unknown option", ["plot", "--spec", Linear, "--steps", "10", "--out", "x.png", "--colour", "red"], ["--colour"] },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string name, string[] args, string[] mentions)
    {
        string cwd = Directory.GetCurrentDirectory();
        var result = Lrs.Run(args);

        BadInputTests.AssertUsageError(result, name, mentions);
        File.Exists(Path.Combine(cwd, "x.png")).Should().BeFalse();
    }

    [Fact]
    public void Unwritable_file_exits_2()
    {
        // A path under a regular file cannot be created, whoever runs the test (root included).
        string file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "x");

        var result = Lrs.Run("plot", "--spec", Linear, "--steps", "10", "--out", Path.Combine(file, "out.png"));

        BadInputTests.AssertUsageError(result, "unwritable", ["--out", "cannot write"]);
    }

    [Fact]
    public void Folder_as_output_exits_2()
    {
        string folder = Path.Combine(_dir, "folder.png");
        Directory.CreateDirectory(folder);

        BadInputTests.AssertUsageError(Lrs.Run("plot", "--spec", Linear, "--steps", "10", "--out", folder), "folder", ["--out", "is a folder"]);
    }

    private static PlotLayout Plot(PlotOptions options) => PlotCommand.Run(new InputText(Stream.Null), options);

    /// <summary>The colour of 0xRRGGBB drawn with <paramref name="alpha"/> over white.</summary>
    private static uint Blend(uint rgb, double alpha)
    {
        uint Channel(int shift) => (uint)Math.Round((((rgb >> shift) & 0xFF) * alpha) + (255 * (1 - alpha)));
        return (Channel(16) << 16) | (Channel(8) << 8) | Channel(0);
    }

    /// <summary>The reported data area is where the image has its frame: dark lines on the left and bottom edges.</summary>
    private static void AssertFrameAtLayout(PlotImage image)
    {
        var layout = image.Layout;
        int midX = (int)((layout.Left + layout.Right) / 2), midY = (int)((layout.Top + layout.Bottom) / 2);
        Enumerable.Range(-1, 3).Any(d => image.IsDark((int)Math.Round(layout.Left) + d, midY)).Should().BeTrue("the left frame line is at x = {0}", layout.Left);
        Enumerable.Range(-1, 3).Any(d => image.IsDark(midX, (int)Math.Round(layout.Bottom) + d)).Should().BeTrue("the bottom frame line is at y = {0}", layout.Bottom);
        Enumerable.Range(-1, 3).Any(d => image.IsDark(midX, (int)Math.Round(layout.Top) + d)).Should().BeTrue("the top frame line is at y = {0}", layout.Top);
        image.IsDark((int)Math.Round(layout.Left) + 8, midY).Should().BeFalse("inside the frame is the data area");
    }
}
