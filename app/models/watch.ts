// Words of the watch list shared by its page and the server.
export const WATCH_VERIFIED_ONLY = "ウォッチは運営者の確認を受けた医療機関の組織で使えます。組織のページから確認を依頼してください。";
