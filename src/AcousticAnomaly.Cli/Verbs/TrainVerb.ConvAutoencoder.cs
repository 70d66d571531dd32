using System.CommandLine;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.ConvAutoencoder;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>train conv-autoencoder / lstm-autoencoder (New-ConvAutoencoderModel / New-LstmAutoencoderModel).</summary>
public static partial class TrainVerb
{
    private static Command ConvAutoencoder() => BlockAutoencoder("conv-autoencoder", BlockAutoencoderArchitecture.Convolutional,
        "Convolutional autoencoder on [0, 1]-normalised log-mel blocks, scored by reconstruction error, like New-ConvAutoencoderModel.");

    private static Command LstmAutoencoder() => BlockAutoencoder("lstm-autoencoder", BlockAutoencoderArchitecture.Lstm,
        "LSTM autoencoder on [0, 1]-normalised log-mel blocks, scored by reconstruction error, like New-LstmAutoencoderModel.");

    private static Command BlockAutoencoder(string name, BlockAutoencoderArchitecture architecture, string description)
    {
        var d = new ConvAutoencoderOptions(Architecture: architecture);
        var command = new Command(name, description);
        var frameSeconds = new Option<double>("--frame-seconds") { Description = "Block length in seconds.", DefaultValueFactory = _ => d.FrameSeconds };
        var overlap = new Option<double>("--overlap") { Description = "Overlap of consecutive training blocks, 0 to below 1.", DefaultValueFactory = _ => d.Overlap };
        var hidden = new Option<int>("--hidden-channels") { Description = "Channels of the outer convolutions.", DefaultValueFactory = _ => d.HiddenChannels };
        var bottleneck = new Option<int>("--bottleneck-channels") { Description = "Channels of the code in the middle.", DefaultValueFactory = _ => d.BottleneckChannels };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training blocks.", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Blocks per gradient step.", DefaultValueFactory = _ => d.BatchSize };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var topK = new Option<int>("--clip-top-k") { Description = "A clip's score = mean of its k highest block errors (1 = max; 0 = mean of all blocks).", DefaultValueFactory = _ => d.ClipTopK ?? ClipPooling.MeanOfAll };
        var seed = new Option<int>("--seed") { Description = "Seeds initialisation and shuffling.", DefaultValueFactory = _ => d.Seed };
        var common = new TrainingCommandOptions(command, ConvAutoencoderOptions.RecommendedFeatureSet);
        foreach (var o in new Option[] { frameSeconds, overlap, hidden, bottleneck, epochs, batch, rate, seed, topK }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var options = d with
            {
                FrameSeconds = parse.GetValue(frameSeconds),
                Overlap = parse.GetValue(overlap),
                HiddenChannels = parse.GetValue(hidden),
                BottleneckChannels = parse.GetValue(bottleneck),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                Seed = parse.GetValue(seed),
                ClipTopK = parse.GetValue(topK) is var k and > 0 ? k : null,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new ConvAutoencoderDetectorTrainer(options), null);
        });
        return command;
    }
}
