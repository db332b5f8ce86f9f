import { makeStyles } from '@material-ui/core/styles';

/**
 * Backstage's tables draw an upward arrow that Material UI leaves unturned
 * for a descending sort, so "highest first" shows as ↑. Inside this class
 * the arrow points down for descending and up for ascending.
 */
export const useSortArrowStyles = makeStyles({
  root: {
    '& .MuiTableSortLabel-iconDirectionDesc': { transform: 'rotate(180deg)' },
    '& .MuiTableSortLabel-iconDirectionAsc': { transform: 'rotate(0deg)' },
  },
});
