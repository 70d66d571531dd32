using System.CommandLine;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.KMeans;
using AcousticAnomaly.Models.Knn;
using AcousticAnomaly.Models.Mahalanobis;
using AcousticAnomaly.Models.OneClassSvm;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly train &lt;detector&gt;`: the CLI face of the New-*Model cmdlets (same ModelTrainer).</summary>
public static partial class TrainVerb
{
    public static Command Create()
    {
        var train = new Command("train", "Train an anomaly model on normal sound and save it as ONNX (like New-*Model).");
        train.Subcommands.Add(IsolationForest());
        train.Subcommands.Add(KMeans());
        train.Subcommands.Add(OneClassSvm());
        train.Subcommands.Add(Autoencoder());
        train.Subcommands.Add(Gmm());
        train.Subcommands.Add(Mahalanobis());
        train.Subcommands.Add(Knn());
        train.Subcommands.Add(ConvAutoencoder());
        train.Subcommands.Add(LstmAutoencoder());
        train.Subcommands.Add(Ensemble());
        train.Subcommands.Add(ClassifierVerbs.Train());
        return train;
    }

    private static Command IsolationForest()
    {
        var defaults = new IsolationForestOptions();
        var command = new Command("iforest", "Isolation Forest (scikit-learn's algorithm), like New-IsolationForestModel.");
        var trees = new Option<int>("--trees") { Description = "Number of trees.", DefaultValueFactory = _ => defaults.TreeCount };
        var sampleSize = new Option<int?>("--sample-size") { Description = "Vectors per tree (default min(256, n))." };
        var contamination = new Option<double?>("--contamination") { Description = "Expected anomaly share in (0, 0.5]; default 'auto'." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var common = new TrainingCommandOptions(command);
        command.Options.Add(trees);
        command.Options.Add(sampleSize);
        command.Options.Add(contamination);
        command.Options.Add(seed);
        command.SetAction(parse => common.Run(parse,
            new IsolationForestDetectorTrainer(defaults with { TreeCount = parse.GetValue(trees), MaxSamples = parse.GetValue(sampleSize), Contamination = parse.GetValue(contamination), Seed = parse.GetValue(seed) }),
            parse.GetValue(contamination)));
        return command;
    }

    private static Command KMeans()
    {
        var defaults = new KMeansOptions();
        var command = new Command("kmeans", "k-means distance to the nearest centre (scikit-learn's KMeans), like New-KMeansModel.");
        var clusters = new Option<int>("--clusters") { Description = "Number of centres k.", DefaultValueFactory = _ => defaults.ClusterCount };
        var initCount = new Option<int>("--n-init") { Description = "k-means++ restarts; lowest inertia kept.", DefaultValueFactory = _ => defaults.InitCount };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Lloyd iterations per run at most.", DefaultValueFactory = _ => defaults.MaxIterations };
        var noStandardize = new Option<bool>("--no-standardize") { Description = "Cluster raw features instead of per-feature standardised ones." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var common = new TrainingCommandOptions(command);
        foreach (var o in new Option[] { clusters, initCount, maxIterations, noStandardize, seed }) command.Options.Add(o);
        command.SetAction(parse => common.Run(parse, new KMeansDetectorTrainer(defaults with { ClusterCount = parse.GetValue(clusters), MaxIterations = parse.GetValue(maxIterations),
            InitCount = parse.GetValue(initCount), Standardize = !parse.GetValue(noStandardize), Seed = parse.GetValue(seed) }), null));
        return command;
    }

    private static Command OneClassSvm()
    {
        var defaults = new OneClassSvmOptions();
        var command = new Command("ocsvm", "One-class SVM with RBF kernel (scikit-learn's OneClassSVM), like New-OneClassSvmModel.");
        var nu = new Option<double>("--nu") { Description = "Share of training vectors allowed outside the boundary, (0, 1].", DefaultValueFactory = _ => defaults.Nu };
        var gamma = new Option<double?>("--gamma") { Description = "RBF kernel width; default 'scale' = 1 / (features x variance)." };
        var maxVectors = new Option<int>("--max-training-vectors") { Description = "Vectors used at most; more are subsampled (seeded).", DefaultValueFactory = _ => defaults.MaxTrainingVectors };
        var seed = new Option<int>("--seed") { Description = "Random seed of the subsample.", DefaultValueFactory = _ => defaults.Seed };
        var common = new TrainingCommandOptions(command);
        foreach (var o in new Option[] { nu, gamma, maxVectors, seed }) command.Options.Add(o);
        command.SetAction(parse => common.Run(parse, new OneClassSvmDetectorTrainer(defaults with { Nu = parse.GetValue(nu), Gamma = parse.GetValue(gamma),
            MaxTrainingVectors = parse.GetValue(maxVectors), Seed = parse.GetValue(seed) }), null));
        return command;
    }

    private static Command Autoencoder()
    {
        var defaults = new AutoencoderOptions();
        var command = new Command("autoencoder", "The DCASE dense autoencoder (128x4, 8, 128x4; BatchNorm + ReLU), like New-AutoencoderModel.");
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training vectors.", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Vectors per gradient step.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var validationSplit = new Option<double>("--validation-split") { Description = "Share of vectors (the last ones) held out for validation loss.", DefaultValueFactory = _ => defaults.ValidationSplit };
        var hiddenUnits = new Option<int>("--hidden-units") { Description = "Units of each hidden layer.", DefaultValueFactory = _ => defaults.HiddenUnits };
        var bottleneckUnits = new Option<int>("--bottleneck-units") { Description = "Units of the bottleneck layer.", DefaultValueFactory = _ => defaults.BottleneckUnits };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var noStandardizeAe = new Option<bool>("--no-standardize") { Description = "Feed raw dB as the DCASE baseline does, instead of standardised features." };
        var common = new TrainingCommandOptions(command);
        foreach (var option in new Option[] { epochs, batchSize, learningRate, validationSplit, hiddenUnits, bottleneckUnits, seed, noStandardizeAe }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            AutoencoderOptions options;
            try
            {
                options = defaults with
                {
                    HiddenUnits = parse.GetValue(hiddenUnits), BottleneckUnits = parse.GetValue(bottleneckUnits), Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize), LearningRate = parse.GetValue(learningRate), ValidationSplit = parse.GetValue(validationSplit),
                    Seed = parse.GetValue(seed), Standardize = !parse.GetValue(noStandardizeAe),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new AutoencoderDetectorTrainer(options), null);
        });
        return command;
    }

    private static Command Gmm()
    {
        var defaults = new GmmOptions();
        var command = new Command("gmm", $"Gaussian mixture on TWFR-pooled log-mel (TWFR-GMM; scikit-learn's GaussianMixture, diagonal), like New-GmmModel. Feature set default: {GmmOptions.RecommendedFeatureSet}.");
        var maxComponents = new Option<int>("--max-components") { Description = "Most components the BIC search tries.", DefaultValueFactory = _ => defaults.MaxComponents };
        var components = new Option<int?>("--components") { Description = "A fixed component count instead of the BIC choice." };
        var regCovar = new Option<double>("--reg-covar") { Description = "Added to every variance.", DefaultValueFactory = _ => defaults.RegCovar };
        var seed = new Option<int>("--seed") { Description = "Random seed of the k-means initialisation.", DefaultValueFactory = _ => defaults.Seed };
        var restarts = new Option<int>("--restarts") { Description = "Mixtures fitted from different k-means starts and averaged into one (1 = a single fit, as scikit-learn's GaussianMixture).", DefaultValueFactory = _ => defaults.Restarts };
        var common = new TrainingCommandOptions(command, GmmOptions.RecommendedFeatureSet);
        foreach (var o in new Option[] { maxComponents, components, regCovar, seed, restarts }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var options = defaults with { MaxComponents = parse.GetValue(maxComponents), Components = parse.GetValue(components), RegCovar = parse.GetValue(regCovar), Seed = parse.GetValue(seed), Restarts = parse.GetValue(restarts) };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new GmmDetectorTrainer(options), null);
        });
        return command;
    }

    private static Command Mahalanobis()
    {
        var command = new Command("mahalanobis", $"Squared Mahalanobis distance (scikit-learn's LedoitWolf / EmpiricalCovariance), like New-MahalanobisModel. Feature set default: {MahalanobisOptions.RecommendedFeatureSet}.");
        var covariance = new Option<CovarianceEstimator>("--covariance") { Description = "LedoitWolf (shrunk) or Full.", DefaultValueFactory = _ => new MahalanobisOptions().Covariance };
        var domainPattern = new Option<string?>("--domain-pattern") { Description = "Regex on file names whose first group is the domain (e.g. '_(source|target)_'): one statistic per domain, scored by the nearest." };
        var common = new TrainingCommandOptions(command, MahalanobisOptions.RecommendedFeatureSet);
        command.Options.Add(covariance);
        command.Options.Add(domainPattern);
        command.SetAction(parse =>
        {
            var options = new MahalanobisOptions(parse.GetValue(covariance), parse.GetValue(domainPattern));
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new MahalanobisDetectorTrainer(options), null);
        });
        return command;
    }

    private static Command Knn()
    {
        var defaults = new KnnOptions();
        var command = new Command("knn", $"k-NN memory bank scored by local outlier factor (scikit-learn's LocalOutlierFactor) or k-th distance, like New-KnnModel. Feature set default: {KnnOptions.RecommendedFeatureSet}.");
        var neighbors = new Option<int>("--neighbors") { Description = "k, the neighbours consulted.", DefaultValueFactory = _ => defaults.Neighbors };
        var plain = new Option<bool>("--no-density") { Description = "Score the k-th neighbour distance instead of the local outlier factor." };
        var noStandardize = new Option<bool>("--no-standardize") { Description = "Keep raw features instead of per-feature standardised ones." };
        var common = new TrainingCommandOptions(command, KnnOptions.RecommendedFeatureSet);
        foreach (var o in new Option[] { neighbors, plain, noStandardize }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var options = new KnnOptions(parse.GetValue(neighbors), !parse.GetValue(plain), !parse.GetValue(noStandardize));
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new KnnDetectorTrainer(options), null);
        });
        return command;
    }

    /// <summary>Paths, --output, features, threshold and --force: what every train subcommand has.</summary>
    private sealed class TrainingCommandOptions
    {
        private readonly Argument<string[]> _paths = new("paths") { Description = "Audio files of normal sound (WAV or FLAC).", Arity = ArgumentArity.OneOrMore };
        private readonly Option<string> _output = new("--output", "-o") { Description = "The .onnx model file to write.", Required = true };
        private readonly Option<ThresholdMethod?> _thresholdMethod = new("--threshold-method")
        {
            Description = "Gamma, Percentile or Contamination (default: the model family's rule; --contamination alone selects Contamination).",
        };
        private readonly Option<double?> _thresholdParameter = new("--threshold-parameter") { Description = $"Percentile (0-100, default {ThresholdCalculator.DefaultPercentile}) or gamma quantile (default {ThresholdCalculator.DefaultGammaQuantile})." };
        private readonly Option<int?> _thresholdFolds = new("--threshold-folds")
        {
            Description = $"Fit the threshold on held-out scores: each clip scored by a model trained without its fold (default {new TrainingOptions().ThresholdFolds}; 1 = in-sample scores).",
        };
        private readonly Option<bool> _force = new("--force") { Description = "Replace an existing model file." };
        private readonly FeatureOptions _features = new();

        private readonly FeatureSet? _defaultFeatureSet;

        /// <param name="command">The train subcommand.</param>
        /// <param name="defaultFeatureSet">The family's feature set when --feature-set is not given (null: the DCASE default).</param>
        public TrainingCommandOptions(Command command, FeatureSet? defaultFeatureSet = null)
        {
            _defaultFeatureSet = defaultFeatureSet;
            command.Arguments.Add(_paths);
            command.Options.Add(_output);
            _features.AddTo(command);
            command.Options.Add(_thresholdMethod);
            command.Options.Add(_thresholdParameter);
            command.Options.Add(_thresholdFolds);
            command.Options.Add(_force);
        }

        public int Run(ParseResult parse, IDetectorTrainer detector, double? contamination)
        {
            var method = parse.GetValue(_thresholdMethod) ?? (contamination is not null ? ThresholdMethod.Contamination : detector.DefaultThresholdMethod);
            var options = new TrainingOptions
            {
                Features = _features.Read(parse, _defaultFeatureSet) ?? FeatureSettings.Defaults,
                ThresholdMethod = method,
                ThresholdParameter = method == ThresholdMethod.Contamination ? contamination : parse.GetValue(_thresholdParameter),
                Overwrite = parse.GetValue(_force),
            };
            if (parse.GetValue(_thresholdFolds) is { } folds) options = options with { ThresholdFolds = folds };
            using var cancel = CliCancellation.OnCtrlC();
            int failed = 0;
            try
            {
                var info = new ModelTrainer(detector, options).Train(parse.GetValue(_paths)!, parse.GetValue(_output)!,
                    (file, error) => { Interlocked.Increment(ref failed); Console.Error.WriteLine($"error: {error.Message}"); },
                    cancellationToken: cancel.Token, onWarning: w => Console.Error.WriteLine($"warning: {w}"));
                CsvOutput.Write(new[] { info }, Console.Out);
                return failed > 0 ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return 130;
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {CliErrors.Describe(e)}");
                return 2;
            }
        }
    }
}
